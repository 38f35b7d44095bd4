using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MoveCenter.Persistence;

/// <summary>
/// Lets SQLite itself wait for the write lock. Microsoft.Data.Sqlite, when it finds the database busy, sleeps 150 ms
/// before it tries again, on a blocked thread: with twenty moves writing progress at once, most writes then waited a
/// sixth of a second for a lock held a millisecond. SQLite's own busy handler tries again within a millisecond or two,
/// for as long as the connection string's Default Timeout allows.
/// </summary>
internal sealed class SqliteBusyWait : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Pragma(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Pragma(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Pragma(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {((SqliteConnection)connection).DefaultTimeout * 1000L};";
        return command;
    }
}
