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
}
