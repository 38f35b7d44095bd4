using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MoveCenter.Connectors.Imap;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Testing;
// The benchmark's own snapshot, which hashes over IMAP: MoveCenter.Testing has the tests' one under the same name.
using MailboxSnapshot = MoveCenter.Benchmark.MailboxSnapshot;

namespace MoveCenter.Benchmark;

/// <summary>How much of one run a node took: the moves it ran any phase of, the item requests (the bulk of a move) and all phase jobs it ran.</summary>
internal sealed record NodeShare(string Node, int Moves, int Jobs);

/// <summary>One configuration's run: every move queued at once, timed until the last one ended.</summary>
internal sealed record NodesRun(int Nodes, int Moves, int Completed, TimeSpan Elapsed, int Messages, long Bytes, IReadOnlyList<NodeShare> Shares, int Differences)
{
    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    public double MegabytesPerSecond => Bytes / 1024.0 / 1024.0 / Elapsed.TotalSeconds;
}

/// <summary>
/// Issue 12's scale check: many moves queued at once through the API of real node processes (the web host, as
/// operators run it) on one PostgreSQL database whose Hangfire storage they share, first with one node, then spread
/// over two. Each configuration gets its own database and its own freshly filled mailboxes on the same two Dovecots.
/// </summary>
internal static class NodesCompare
{
    private const string SourcePostOffice = "nodes-source";
    private const string TargetPostOffice = "nodes-target";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(int moves, int messages, int seed, string[] args, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("movecenter-nodes-");
        await using var source = await DovecotServer.StartAsync("nodes-src");
        await using var target = await DovecotServer.StartAsync("nodes-dst");
        await using var postgres = await PostgresServer.StartAsync();
        Console.WriteLine($"Dovecot source on {source.ImapPort}, target on {target.ImapPort}, PostgreSQL on {postgres.Port}; data in {work.FullName}");
        // Engine settings from the command line (--MoveCenter:Engine:WorkerCount=20); by default one node can run every move at once.
        var settings = args.Where(a => a.StartsWith("--MoveCenter:", StringComparison.Ordinal) && a.Contains('='))
            .Select(a => a[2..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
        settings.TryAdd("MoveCenter:Engine:WorkerCount", moves.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine($"{moves} moves of {messages:N0} messages each, at once; node settings: {string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"))}");

        var runs = new List<NodesRun>();
        try
        {
            foreach (var nodes in new[] { 1, 2 })
            {
                var users = Enumerable.Range(1, moves).Select(i => $"nodes{nodes}.user{i:D2}").ToList();
                var (expected, bytes) = await FillAsync(source, target, users, messages, seed, cancellationToken);
                var database = new DatabaseSettings(DatabaseProvider.PostgreSql, await postgres.CreateDatabaseAsync());
                var (completed, elapsed, shares) = await MoveAsync(nodes, database, Path.Combine(work.FullName, $"{nodes}-nodes"), settings,
                    source, target, users, cancellationToken);
                var differences = await MailboxSnapshot.DifferencesAsync(target, expected, cancellationToken);
                var run = new NodesRun(nodes, moves, completed, elapsed, moves * messages, bytes, shares, differences);
                runs.Add(run);
                Print(run);
            }
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A node's log still open at exit; the temporary folder is left behind.
            }
        }

        var (one, two) = (runs[0], runs[1]);
        Console.WriteLine();
        foreach (var run in runs)
            Console.WriteLine($"RESULT nodes={run.Nodes} moves={run.Moves} completed={run.Completed} messages={run.Messages} MB={run.Bytes / 1024.0 / 1024.0:N0} " +
                              $"seconds={run.Elapsed.TotalSeconds:N1} msg/s={run.MessagesPerSecond:N0} MB/s={run.MegabytesPerSecond:N1} " +
                              $"perNode={string.Join(",", run.Shares.Select(s => $"{s.Node}:{s.Moves}moves/{s.Jobs}jobs"))} verified={(run.Differences == 0 && run.Completed == run.Moves ? "yes" : "NO")}");
        Console.WriteLine($"COMPARE 2 nodes / 1 node: msg/s ratio={two.MessagesPerSecond / one.MessagesPerSecond:N2} " +
                          $"(wall time {one.Elapsed.TotalSeconds:N1} s against {two.Elapsed.TotalSeconds:N1} s; both nodes share this machine's cores and its Dovecots)");
        return runs.All(r => r.Differences == 0 && r.Completed == r.Moves) ? 0 : 1;
    }

    private static async Task<(Dictionary<string, MailboxSnapshot> Expected, long Bytes)> FillAsync(DovecotServer source, DovecotServer target,
        IReadOnlyList<string> users, int messages, int seed, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var (expected, bytes) = await MailboxFiller.FillManyAsync(source, target, users, messages, seed, cancellationToken);
        Console.WriteLine($"fill: {users.Count} mailboxes, {users.Count * messages:N0} messages, {bytes / 1024.0 / 1024.0:N0} MB, hashed, in {watch.Elapsed.TotalSeconds:N1} s (not part of the figure)");
        return (expected, bytes);
    }

    private static async Task<(int Completed, TimeSpan Elapsed, IReadOnlyList<NodeShare> Shares)> MoveAsync(int count, DatabaseSettings database, string folder, IReadOnlyDictionary<string, string> settings,
        DovecotServer source, DovecotServer target, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        var nodes = Enumerable.Range(1, count).Select(n => new MoveCenterNode($"node-{n}", Path.Combine(folder, $"node-{n}"), database, settings)).ToList();
        try
        {
            // One after the other: the first start creates the schema and Hangfire's.
            foreach (var node in nodes) await node.StartAsync();
            var api = nodes[0].Api;
            await api.AddImapPostOfficeAsync(SourcePostOffice, source.Host, source.ImapPort, source.MasterUser, source.MasterPassword, maxConcurrentMoves: users.Count);
            await api.AddImapPostOfficeAsync(TargetPostOffice, target.Host, target.ImapPort, target.MasterUser, target.MasterPassword, maxConcurrentMoves: users.Count);
            foreach (var user in users) await api.AddUserAsync(user, SourcePostOffice);
            var factory = new PooledDbContextFactory<MoveCenterDbContext>(
                Options(database));

            var clock = Stopwatch.StartNew();
            // Through every node's API at once, as a script spreading a batch would.
            var moveIds = await Task.WhenAll(users.Select((user, i) => nodes[i % nodes.Count].Api.QueueMoveAsync(user, TargetPostOffice)));
            List<MoveStatus> statuses;
            do
            {
                await Task.Delay(100, cancellationToken);
                await using var db = await factory.CreateDbContextAsync(cancellationToken);
                statuses = await db.Moves.AsNoTracking().Where(m => moveIds.Contains(m.Id)).Select(m => m.Status).ToListAsync(cancellationToken);
            }
            while (statuses.Any(s => !s.IsTerminal() && s is not (MoveStatus.Stalled or MoveStatus.Suspended)) && clock.Elapsed < Limit);
            var elapsed = clock.Elapsed;

            await using var read = await factory.CreateDbContextAsync(cancellationToken);
            var shares = (await JobRuns.ReadAsync(read, cancellationToken))
                .Where(r => r.MoveId is { } id && moveIds.Contains(id))
                .GroupBy(r => r.Node)
                .Select(g => new NodeShare(g.Key, g.Select(r => r.MoveId).Distinct().Count(), g.Count()))
                .OrderBy(s => s.Node, StringComparer.Ordinal)
                .ToList();
            foreach (var (moveId, user) in moveIds.Zip(users))
            {
                var move = await nodes[0].Api.MoveAsync(moveId);
                if (move.Status != nameof(MoveStatus.Completed)) Console.WriteLine($"  {user}: {move.Describe()}");
            }
            return (statuses.Count(s => s == MoveStatus.Completed), elapsed, shares);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    private static DbContextOptions<MoveCenterDbContext> Options(DatabaseSettings database)
    {
        var options = new DbContextOptionsBuilder<MoveCenterDbContext>();
        options.UseMoveCenterDatabase(database);
        return options.Options;
    }

    private static void Print(NodesRun run)
    {
        Console.WriteLine();
        Console.WriteLine($"{run.Nodes} node{(run.Nodes == 1 ? "" : "s")}: {run.Completed} of {run.Moves} moves completed, {run.Messages:N0} messages " +
                          $"({run.Bytes / 1024.0 / 1024.0:N0} MB) in {run.Elapsed.TotalSeconds:N1} s: {run.MessagesPerSecond:N0} msg/s, {run.MegabytesPerSecond:N1} MB/s; " +
                          $"{run.Differences} differences at the target");
        foreach (var share in run.Shares) Console.WriteLine($"  {share.Node} worked on {share.Moves} moves in {share.Jobs} jobs (a move goes through its phases in one job)");
    }
}
