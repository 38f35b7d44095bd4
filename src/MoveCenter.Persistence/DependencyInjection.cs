using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MoveCenter.Persistence;

public static class DependencyInjection
{
    public static IServiceCollection AddMoveCenterPersistence(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddDbContextFactory<MoveCenterDbContext>(options => options.UseMoveCenterDatabase(settings), ServiceLifetime.Singleton);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContext());
        return services;
    }

    public static DbContextOptionsBuilder UseMoveCenterDatabase(this DbContextOptionsBuilder options, DatabaseSettings settings) =>
        settings.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(settings.ConnectionString,
                sqlite => sqlite.MigrationsAssembly(DatabaseSettings.SqliteMigrationsAssembly)).AddInterceptors(new SqliteBusyWait()),
            DatabaseProvider.SqlServer => options.UseSqlServer(settings.ConnectionString, sqlServer => sqlServer
                .MigrationsAssembly(DatabaseSettings.SqlServerMigrationsAssembly)
                .EnableRetryOnFailure()),
            DatabaseProvider.PostgreSql => options.UseNpgsql(settings.ConnectionString, postgres => postgres
                .MigrationsAssembly(DatabaseSettings.PostgreSqlMigrationsAssembly)
                .EnableRetryOnFailure()),
            _ => throw new InvalidOperationException($"Unknown database provider {settings.Provider}."),
        };

    /// <summary>Applies pending migrations. On SQLite, also switches to write-ahead logging so readers never block the engine.</summary>
    public static async Task MigrateMoveCenterDatabaseAsync(this MoveCenterDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null) Directory.CreateDirectory(folder);
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
