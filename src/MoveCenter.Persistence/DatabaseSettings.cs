namespace MoveCenter.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Which database holds MoveCenter's state: the one place the provider is chosen.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string SqliteMigrationsAssembly = "MoveCenter.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "MoveCenter.Migrations.SqlServer";
    public const string PostgreSqlMigrationsAssembly = "MoveCenter.Migrations.PostgreSql";

    public static DatabaseSettings Sqlite(string databaseFile) =>
        new(DatabaseProvider.Sqlite, $"Data Source={databaseFile};Default Timeout=60");
}
