using MoveCenter.Application;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Hosting;

/// <summary>Reads which database to use: <c>MoveCenter:Database:Provider</c> and <c>ConnectionStrings:MoveCenter</c>.</summary>
public static class DatabaseConfiguration
{
    public static DatabaseSettings Read(IConfiguration configuration)
    {
        var providerName = configuration["MoveCenter:Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
            throw new InvalidOperationException(
                $"MoveCenter:Database:Provider is '{providerName}'; use Sqlite (the embedded default), SqlServer or PostgreSql.");
        var connectionString = configuration.GetConnectionString("MoveCenter");
        if (provider != DatabaseProvider.Sqlite)
            return string.IsNullOrWhiteSpace(connectionString)
                ? throw new InvalidOperationException($"MoveCenter:Database:Provider is {provider}, so ConnectionStrings:MoveCenter must name the {provider} database.")
                : new DatabaseSettings(provider, connectionString);
        if (!string.IsNullOrWhiteSpace(connectionString)) return new DatabaseSettings(DatabaseProvider.Sqlite, connectionString);
        var dataDirectory = configuration.GetSection(MoveCenterOptions.Section).Get<MoveCenterOptions>()?.FullDataDirectory
            ?? new MoveCenterOptions().FullDataDirectory;
        return DatabaseSettings.Sqlite(Path.Combine(dataDirectory, "movecenter.db"));
    }
}
