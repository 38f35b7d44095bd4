using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application;
using MoveCenter.Application.Demo;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Hosting;

public static class StartupSetup
{
    /// <summary>Before serving: migrate the database, make sure someone can sign in, and create the demo on first start.</summary>
    public static async Task InitializeMoveCenterAsync(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(stopping))
            await db.MigrateMoveCenterDatabaseAsync(stopping);

        BootstrapResult bootstrap;
        await using (var scope = app.Services.CreateAsyncScope())
            bootstrap = await scope.ServiceProvider.GetRequiredService<BootstrapAccounts>().EnsureAsync(stopping);
        await app.Services.GetRequiredService<DemoDirectorySeeder>().SeedIfEmptyAsync(stopping);

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, bootstrap));
    }

    /// <summary>
    /// Goes to the console only, never to the log file: a generated password or key is shown this once.
    /// </summary>
    private static void PrintWelcome(WebApplication app, BootstrapResult bootstrap)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var dataDirectory = app.Services.GetRequiredService<IOptions<MoveCenterOptions>>().Value.FullDataDirectory;
        foreach (var line in Welcome(addresses, dataDirectory, bootstrap)) Console.WriteLine(line);
    }

    internal static IEnumerable<string> Welcome(IEnumerable<string> addresses, string dataDirectory, BootstrapResult bootstrap)
    {
        yield return "";
        yield return "MoveCenter is running.";
        foreach (var address in addresses) yield return $"  Open {address} in a browser.";
        yield return $"  Data folder (database, logs, demo post offices): {dataDirectory}";
        yield return bootstrap.GeneratedAdminPassword is { } password
            ? $"  Sign in as '{bootstrap.AdminUser}' with the password {password}  (shown only now; change it after signing in: "
              + $"user menu → Change my password, or /account/password)"
            : $"  Sign in as '{bootstrap.AdminUser}' with the password you configured (MoveCenter:Bootstrap:AdminPassword) or set earlier.";
        if (bootstrap.GeneratedApiKey is { } key)
            yield return $"  API key for scripts (header X-Api-Key): {key}  (shown only now)";
        yield return "";
    }
}
