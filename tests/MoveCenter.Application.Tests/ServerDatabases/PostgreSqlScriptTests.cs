using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.ServerDatabases;

/// <summary>The idempotent script in db/scripts, for DBAs who apply the schema by hand, matches the migrations.</summary>
public sealed class PostgreSqlScriptTests(PostgreSqlDatabase server) : IClassFixture<PostgreSqlDatabase>
{
    private const string Script = "db/scripts/movecenter.postgresql.sql";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_script_applies_twice_and_leaves_the_schema_the_migrations_leave_with_nothing_left_to_migrate()
    {
        var script = ScriptPath();
        var scripted = await server.Server.CreateDatabaseAsync("scripted");
        await server.Server.RunScriptAsync("scripted", script);
        await server.Server.RunScriptAsync("scripted", script);
        var migrated = await server.Server.CreateDatabaseAsync("migrated");

        await using (var db = Context(migrated))
            await db.MigrateMoveCenterDatabaseAsync(Ct);

        await using var byScript = Context(scripted);
        await using var byMigrations = Context(migrated);
        Assert.Empty(await byScript.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(await SchemaAsync(byMigrations), await SchemaAsync(byScript));
    }

    private static MoveCenterDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<MoveCenterDbContext>();
        options.UseMoveCenterDatabase(new DatabaseSettings(DatabaseProvider.PostgreSql, connectionString));
        return new MoveCenterDbContext(options.Options);
    }

    /// <summary>Columns with their types and nullability, indexes, and triggers of the public schema.</summary>
    private static async Task<List<string>> SchemaAsync(MoveCenterDbContext db) =>
        await db.Database.SqlQueryRaw<string>("""
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS "Value" FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
            ORDER BY 1
            """).ToListAsync(Ct);

    /// <summary>The script as committed, found from the test's output folder up to the repository.</summary>
    private static string ScriptPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, Script);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{Script} was not found above {AppContext.BaseDirectory}.");
    }
}
