using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MoveCenter.Persistence;

namespace MoveCenter.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for this provider without starting the web host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MoveCenterDbContext>
{
    public MoveCenterDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MoveCenterDbContext>();
        options.UseMoveCenterDatabase(Settings);
        return new MoveCenterDbContext(options.Options);
    }

    private static DatabaseSettings Settings => DatabaseProvider.Sqlite switch
    {
        DatabaseProvider.Sqlite => DatabaseSettings.Sqlite("design-time.db"),
        _ => new DatabaseSettings(DatabaseProvider.SqlServer, "Server=localhost;Database=MoveCenter;Trusted_Connection=True;TrustServerCertificate=True"),
    };
}
