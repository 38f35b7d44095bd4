using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Where Hangfire keeps its jobs: in the server database MoveCenter uses, so that every node of one installation takes
/// work from the same queues, or in memory with the embedded SQLite database, which only one node uses.
/// </summary>
public sealed record JobStorages(JobStorageKind Kind, Func<JobStorage> Create)
{
    /// <summary>Without the sliding timeout a long phase would be started again on another node while it still runs.</summary>
    private static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromMinutes(5);

    public static JobStorages For(DatabaseSettings database) => database.Provider switch
    {
        DatabaseProvider.SqlServer => new(JobStorageKind.SqlServer, () => new SqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
        {
            PrepareSchemaIfNecessary = true,
            SlidingInvisibilityTimeout = InvisibilityTimeout,
            QueuePollInterval = TimeSpan.Zero,
        })),
        DatabaseProvider.PostgreSql => new(JobStorageKind.PostgreSql, () => PostgreSql(database.ConnectionString)),
        _ => new(JobStorageKind.InMemory, () => new InMemoryStorage()),
    };

    private static PostgreSqlStorage PostgreSql(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            PrepareSchemaIfNecessary = true,
            InvisibilityTimeout = InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
            // Hangfire.PostgreSql polls its queue; the default 15 s would be the delay between a move's phases.
            QueuePollInterval = TimeSpan.FromMilliseconds(200),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
