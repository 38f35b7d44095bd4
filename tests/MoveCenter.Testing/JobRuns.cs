using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;

namespace MoveCenter.Testing;

/// <summary>One time a node's Hangfire server took a job from the shared job storage: which job, for which move, on which node.</summary>
public sealed record JobRun(string Job, Guid? MoveId, string Node);

/// <summary>
/// Who ran which job, read from Hangfire.PostgreSql's own record of processing states in the database the nodes share
/// (a server is named <c>node:process</c>, its id <c>node:process:guid</c>), not from anything MoveCenter writes.
/// </summary>
public static partial class JobRuns
{
    public static async Task<IReadOnlyList<JobRun>> ReadAsync(MoveCenterDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<Row>(
            """
            SELECT j.invocationdata::jsonb ->> 'Type' AS "Type", j.arguments::text AS "Arguments",
                   split_part(s.data::jsonb ->> 'ServerId', ':', 1) AS "Node"
            FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
            WHERE s.name = 'Processing'
            """).ToListAsync(cancellationToken);
        return rows.Select(r => new JobRun(
                // "Namespace.PreflightJob, Assembly": the class alone.
                r.Type[..r.Type.IndexOf(',')].Split('.')[^1],
                FirstGuid().Match(r.Arguments) is { Success: true } id ? Guid.Parse(id.Value) : null,
                r.Node))
            .ToList();
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex FirstGuid();

    private sealed class Row
    {
        public required string Type { get; init; }
        public required string Arguments { get; init; }
        public required string Node { get; init; }
    }
}
