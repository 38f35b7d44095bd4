using Microsoft.EntityFrameworkCore;

namespace MoveCenter.Persistence;

/// <summary>
/// The one way to open an explicit transaction. The retrying execution strategies of SQL Server and PostgreSQL refuse a
/// transaction opened outside them, because after a transient failure they must run the whole unit of work again,
/// not just the statement that failed.
/// </summary>
public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction inside the context's execution strategy and commits it. A retry
    /// starts from an empty change tracker, so <paramref name="work"/> must load what it changes.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var result = await work();
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);

    /// <summary>
    /// Like <see cref="InTransactionAsync{T}"/>, holding the database lock named <paramref name="lockName"/> until the
    /// transaction ends: of all the transactions that take the same lock, on every node, one runs at a time, so a
    /// decision read and written inside it cannot interleave with another.
    /// </summary>
    public static Task<T> InExclusiveTransactionAsync<T>(this DbContext db, string lockName, Func<Task<T>> work, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            await LockAsync(db, lockName, cancellationToken);
            return await work();
        }, cancellationToken);

    private static async Task LockAsync(DbContext db, string lockName, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({lockName}))", cancellationToken);
        else if (db.Database.IsSqlServer())
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"EXEC sp_getapplock @Resource = {lockName}, @LockMode = 'Exclusive', @LockOwner = 'Transaction'", cancellationToken);
        // SQLite needs no named lock: a transaction begins IMMEDIATE there, holding the database's single write lock
        // from its start, so every writing transaction already runs alone.
    }
}
