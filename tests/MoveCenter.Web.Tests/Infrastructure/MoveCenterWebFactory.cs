using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>
/// A whole MoveCenter host with its own data folder, a small demo directory (UserA…UserC on SourcePO; UserC stalls),
/// a fast engine, and a known admin password and API key. One instance per test class: each has its own Hangfire storage.
/// </summary>
public class MoveCenterWebFactory : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "Test-Admin-Passw0rd!";
    public const string ApiKey = "mc_test_admin_key_0123456789abcdef";

    /// <summary>How many demo users (UserA, UserB, …) the host seeds; the last one has an item that cannot be read.</summary>
    public virtual int DemoUsers => 3;

    /// <summary>A fresh folder, unless a test that restarts the host gives the previous host's folder.</summary>
    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "movecenter-web-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Leaves the data folder at disposal, for the next host of a test that restarts it.</summary>
    public bool KeepDataDirectory { get; init; }

    /// <summary>Settings of this host on top of the test defaults, for example <c>MoveCenter:Engine:Role</c>.</summary>
    public IReadOnlyDictionary<string, string?> MoreSettings { get; init; } = new Dictionary<string, string?>();

    private IEnumerable<KeyValuePair<string, string?>> Settings => DefaultSettings.Concat(MoreSettings);

    private Dictionary<string, string?> DefaultSettings => new()
    {
        ["MoveCenter:DataDirectory"] = DataDirectory,
        ["MoveCenter:Demo:Enabled"] = "true",
        ["MoveCenter:Demo:Users"] = DemoUsers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MoveCenter:Demo:MessagesPerUser"] = "60",
        ["MoveCenter:Demo:LargeAttachments"] = "false",
        ["MoveCenter:Engine:SupervisorInterval"] = "00:00:00.250",
        ["MoveCenter:Engine:LeaseDuration"] = "00:00:10",
        ["MoveCenter:Engine:ChangeFeedInterval"] = "00:00:00.100",
        ["MoveCenter:Engine:BlockSize"] = "25",
        // Tests that start more moves than a post office has slots must not wait the default five minutes for one.
        ["MoveCenter:Engine:Retry:TryLaterInterval"] = "00:00:01",
        ["MoveCenter:Bootstrap:AdminUser"] = AdminUser,
        ["MoveCenter:Bootstrap:AdminPassword"] = AdminPassword,
        ["MoveCenter:Bootstrap:ApiKey"] = ApiKey,
        // Test classes sign in (and change passwords) far more often than a person: the throttle has tests of its own.
        ["MoveCenter:Security:SignInAttemptsPerMinute"] = "1000",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    /// <summary>ASP.NET Core's environment; Production is where a person's `dotnet run` lands.</summary>
    public virtual string Environment => "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        // UseSetting is visible to Program while it builds (the database and log paths are read there);
        // the in-memory source added last wins over appsettings.json once the host is built.
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));
    }

    /// <summary>The address of the real Kestrel server, after <c>UseKestrel(0)</c> and <c>StartServer()</c>.</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public HttpClient CreateApiClient(string apiKey = ApiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public async Task WithDatabaseAsync(Func<MoveCenterDbContext, Task> action)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync();
        await action(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        SqliteConnection.ClearAllPools();
        if (!KeepDataDirectory && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
