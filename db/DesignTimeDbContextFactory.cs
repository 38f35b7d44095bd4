using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MoveCenter.Persistence;

namespace MoveCenter.Migrations;

/// <summary>
/// Lets `dotnet ef` build the model without starting the web host. Compiled into every migrations project, each named
/// MoveCenter.Migrations.&lt;Provider&gt;, which is how the factory knows the provider it builds for.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MoveCenterDbContext>
{
    public MoveCenterDbContext CreateDbContext(string[] args)
    {
        var assembly = typeof(DesignTimeDbContextFactory).Assembly.GetName().Name!;
        var provider = Enum.Parse<DatabaseProvider>(assembly[(assembly.LastIndexOf('.') + 1)..]);
        var options = new DbContextOptionsBuilder<MoveCenterDbContext>();
        options.UseMoveCenterDatabase(Settings(provider));
        return new MoveCenterDbContext(options.Options);
    }

    /// <summary>Never connected to: the model and the migrations SQL only need the provider.</summary>
    private static DatabaseSettings Settings(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => DatabaseSettings.Sqlite("design-time.db"),
        DatabaseProvider.SqlServer => new(provider, "Server=localhost;Database=MoveCenter;Trusted_Connection=True;TrustServerCertificate=True"),
        _ => new(provider, "Host=localhost;Database=movecenter"),
    };
}
