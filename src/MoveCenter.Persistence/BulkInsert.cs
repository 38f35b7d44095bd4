using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MoveCenter.Persistence;

/// <summary>
/// Inserts many rows of one entity type with multi-row INSERT statements built from the EF model, on the context's
/// connection and transaction. Change tracking costs more than the database for inventory-sized inserts (tens of
/// thousands of rows), and the rows' generated keys are not needed by the callers, so they are not read back.
/// </summary>
public static class BulkInsert
{
    /// <summary>SQL Server allows 2,100 parameters per command; SQLite far more. Staying under both keeps one code path.</summary>
    private const int MaxParametersPerStatement = 2000;

    public static async Task<int> BulkInsertAsync<TEntity>(this MoveCenterDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0) return 0;
        var entityType = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not part of the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var stored = entityType.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd).ToList();
        if (stored.Any(p => p.IsShadowProperty()))
            throw new NotSupportedException($"{typeof(TEntity).Name} has shadow properties; bulk insert cannot fill them.");
        var columns = stored.Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping(), p.GetGetter())).ToList();

        var sql = db.GetService<ISqlGenerationHelper>();
        // SQLite finds each parameter by name with a linear scan, so a wide statement costs quadratic time; there one
        // row per statement, prepared once and run again, is fastest. SQL Server pays a round trip per statement instead.
        var rowsPerStatement = db.Database.IsSqlite() ? 1 : Math.Max(1, MaxParametersPerStatement / columns.Count);
        var connection = db.Database.GetDbConnection();
        var openedHere = connection.State != System.Data.ConnectionState.Open;
        if (openedHere) await db.Database.OpenConnectionAsync(cancellationToken);
        DbCommand? command = null;
        try
        {
            var inserted = 0;
            foreach (var chunk in rows.Chunk(rowsPerStatement))
            {
                if (command is null || command.Parameters.Count != chunk.Length * columns.Count)
                {
                    if (command is not null) await command.DisposeAsync();
                    command = connection.CreateCommand();
                    command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                    command.CommandText = InsertStatement(sql, table, columns, chunk.Length);
                }
                command.Parameters.Clear();
                for (var row = 0; row < chunk.Length; row++)
                    for (var c = 0; c < columns.Count; c++)
                        command.Parameters.Add(columns[c].Parameter(command, $"@p{row * columns.Count + c}", chunk[row]));
                inserted += await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return inserted;
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
            if (openedHere) await db.Database.CloseConnectionAsync();
        }
    }

    private static string InsertStatement(ISqlGenerationHelper sql, StoreObjectIdentifier table, List<Column> columns, int rowCount)
    {
        var text = new StringBuilder("INSERT INTO ")
            .Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))
            .Append(") VALUES ");
        for (var row = 0; row < rowCount; row++)
        {
            if (row > 0) text.Append(", ");
            text.Append('(');
            for (var c = 0; c < columns.Count; c++)
                text.Append(c == 0 ? "" : ", ").Append("@p").Append(row * columns.Count + c);
            text.Append(')');
        }
        return text.Append(';').ToString();
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter)
    {
        /// <summary>The type mapping converts the value exactly as SaveChanges would (UTC dates, enums, GUID text on SQLite).</summary>
        public DbParameter Parameter(DbCommand command, string name, object entity) =>
            Mapping.CreateParameter(command, name, Getter.GetClrValueUsingContainingEntity(entity), Property.IsNullable);
    }
}
