using System.Diagnostics;
using System.Globalization;
using System.Text;
using MoveCenter.Connectors.Imap;
using MoveCenter.Persistence;
using MoveCenter.Testing;
// The benchmark's own snapshot, which hashes over IMAP: MoveCenter.Testing has the tests' one under the same name.
using MailboxSnapshot = MoveCenter.Benchmark.MailboxSnapshot;

namespace MoveCenter.Benchmark;

/// <summary>
/// Issue 13's scale figures, through the API of a real node process on its embedded SQLite (or on PostgreSQL), as an
/// operator's script drives it: a 1,000-row batch file previewed and created, the batch read back; then one large
/// mailbox moved alone, and a batch of many small mailboxes, whose rate is compared with the large move's.
/// </summary>
internal static class BatchScale
{
    private const string Source = "scale-source";
    private const string Target = "scale-target";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(int rows, int smallMailboxes, int smallMessages, int largeMessages, int slots, bool onPostgres, int seed, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("movecenter-scale-");
        await using var source = await DovecotServer.StartAsync("scale-src");
        await using var target = await DovecotServer.StartAsync("scale-dst");
        await using var postgres = onPostgres ? await PostgresServer.StartAsync() : null;
        var database = postgres is null
            ? DatabaseSettings.Sqlite(Path.Combine(work.FullName, "node", "movecenter.db"))
            : new DatabaseSettings(DatabaseProvider.PostgreSql, await postgres.CreateDatabaseAsync());
        var settings = new Dictionary<string, string> { ["MoveCenter:Engine:WorkerCount"] = slots.ToString(CultureInfo.InvariantCulture) };
        await using var node = new MoveCenterNode("scale", Path.Combine(work.FullName, "node"), database, settings);
        Console.WriteLine($"Dovecot source on {source.ImapPort}, target on {target.ImapPort}; {database.Provider}; {slots} move slots per post office and workers");
        var exit = 0;
        try
        {
            await node.StartAsync();
            var api = node.Api;
            await api.AddImapPostOfficeAsync(Source, source.Host, source.ImapPort, source.MasterUser, source.MasterPassword, maxConcurrentMoves: slots);
            await api.AddImapPostOfficeAsync(Target, target.Host, target.ImapPort, target.MasterUser, target.MasterPassword, maxConcurrentMoves: slots);

            await MeasureBatchFileAsync(api, rows);
            var server = new ImapConnectionSettings(source.Host, source.ImapPort, ImapSecurity.None, source.MasterUser, source.MasterPassword);
            var cpu = () => CpuUse.Take(node, source, target);
            var large = await MoveLargeAsync(api, source, target, server, largeMessages, seed, cpu, cancellationToken);
            var small = await MoveSmallBatchAsync(api, source, target, smallMailboxes, smallMessages, seed, cpu, cancellationToken);

            Console.WriteLine();
            Console.WriteLine($"RESULT large: 1 mailbox, {largeMessages:N0} messages, {Mb(large.Bytes):N0} MB in {large.Seconds:N1} s: {largeMessages / large.Seconds:N0} msg/s, " +
                              $"{Mb(large.Bytes) / large.Seconds:N1} MB/s, {large.Differences} differences");
            Console.WriteLine($"RESULT batch: {smallMailboxes} mailboxes of {smallMessages} messages ({smallMailboxes * smallMessages:N0}), {Mb(small.Bytes):N0} MB " +
                              $"in {small.Seconds:N1} s: {smallMailboxes * smallMessages / small.Seconds:N0} msg/s, {Mb(small.Bytes) / small.Seconds:N1} MB/s, " +
                              $"{small.Completed} completed, {small.Differences} differences");
            Console.WriteLine($"RESULT CPU per message, large: {large.Cpu.PerMessage(largeMessages)}");
            Console.WriteLine($"RESULT CPU per message, batch: {small.Cpu.PerMessage(smallMailboxes * smallMessages)}");
            var ratio = smallMailboxes * smallMessages / small.Seconds / (largeMessages / large.Seconds);
            Console.WriteLine($"COMPARE batch of small mailboxes / one large move: msg/s ratio={ratio:N2} (goal: at least 0.5); " +
                              $"CPU per message ratio={large.Cpu.Total.TotalSeconds / largeMessages / (small.Cpu.Total.TotalSeconds / (smallMailboxes * smallMessages)):N2}");
            if (large.Differences > 0 || small.Differences > 0 || small.Completed != smallMailboxes) exit = 1;
        }
        catch
        {
            Console.WriteLine(node.RecentOutput());
            throw;
        }
        finally
        {
            await node.DisposeAsync();
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit; the temporary folder is left behind.
            }
        }
        return exit;
    }

    /// <summary>The preview, the creation and a read of a batch of <paramref name="rows"/> moves, each timed as the script waits for it.</summary>
    private static async Task MeasureBatchFileAsync(MoveCenterApi api, int rows)
    {
        var users = Enumerable.Range(1, rows).Select(i => $"file.user{i:D5}").ToList();
        var watch = Stopwatch.StartNew();
        await api.PostCsvAsync("/api/users/import", "userId,postOffice\n" + string.Concat(users.Select(u => $"{u},{Source}\n")));
        Console.WriteLine($"users: {rows:N0} imported from one CSV file in {watch.Elapsed.TotalMilliseconds:N0} ms");

        // Far ahead, so that the moves wait and the figures are the file's alone.
        var startAt = DateTime.UtcNow.AddDays(300).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var file = new StringBuilder("userId,targetPostOffice,startAt\n");
        foreach (var user in users) file.Append(CultureInfo.InvariantCulture, $"{user},{Target},{startAt}\n");
        var previews = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            watch.Restart();
            var preview = await api.PostCsvAsync("/api/batches?name=Scale&dryRun=true", file.ToString());
            previews.Add(watch.Elapsed.TotalMilliseconds);
            if (preview.GetProperty("accepted").GetInt32() != rows) throw new InvalidOperationException($"the preview accepted {preview.GetProperty("accepted")} of {rows} rows");
        }
        watch.Restart();
        var created = await api.PostCsvAsync("/api/batches?name=Scale", file.ToString());
        var create = watch.Elapsed.TotalMilliseconds;
        var id = created.GetProperty("id").GetGuid();
        watch.Restart();
        var batch = await api.GetJsonAsync($"/api/batches/{id}");
        var read = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await api.GetJsonAsync($"/api/moves?skip=500&take=50");
        var page = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await api.PostJsonAsync($"/api/batches/{id}/cancel", new { });
        var cancel = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine($"RESULT file: {rows:N0} rows previewed in {string.Join(", ", previews.Select(p => $"{p:N0}"))} ms (goal < 2,000), created in {create:N0} ms (goal < 5,000); " +
                          $"the batch of {batch.GetProperty("moves").GetArrayLength():N0} moves read in {read:N0} ms, a page of the move list in {page:N0} ms, cancelled in {cancel:N0} ms");
    }

    private sealed record Outcome(double Seconds, long Bytes, int Completed, int Differences, CpuUse Cpu);

    /// <summary>CPU time of the node and of each Dovecot with its session processes: what a move costs whatever else the machine runs.</summary>
    private sealed record CpuUse(TimeSpan Node, TimeSpan Source, TimeSpan Target)
    {
        public TimeSpan Total => Node + Source + Target;

        public static CpuUse Take(MoveCenterNode node, DovecotServer source, DovecotServer target) =>
            new(CpuMeter.Of(node.ProcessId), CpuMeter.Of(source.ProcessId), CpuMeter.Of(target.ProcessId));

        public static CpuUse operator -(CpuUse after, CpuUse before) => new(after.Node - before.Node, after.Source - before.Source, after.Target - before.Target);

        public string PerMessage(int messages) =>
            $"{Ms(Total, messages)} ms (node {Ms(Node, messages)}, source Dovecot {Ms(Source, messages)}, target Dovecot {Ms(Target, messages)})";

        private static string Ms(TimeSpan time, int messages) => $"{time.TotalMilliseconds / messages:N2}";
    }

    private static async Task<Outcome> MoveLargeAsync(MoveCenterApi api, DovecotServer source, DovecotServer target, ImapConnectionSettings server,
        int messages, int seed, Func<CpuUse> cpu, CancellationToken cancellationToken)
    {
        const string user = "scale.large";
        await source.AddUserAsync(user, "userpw");
        await target.AddUserAsync(user, "userpw");
        var (_, bytes) = await MailboxFiller.FillAsync(server, user, first: 1, messages, seed, sessions: 3, cancellationToken);
        var expected = await MailboxSnapshot.TakeAsync(source.Host, source.ImapPort, source.MasterUser, source.MasterPassword, user, cancellationToken);
        await api.AddUserAsync(user, Source);

        var before = cpu();
        var watch = Stopwatch.StartNew();
        var id = await api.QueueMoveAsync(user, Target);
        var completed = await UntilFinishedAsync(api, id, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        var used = cpu() - before;
        var actual = await MailboxSnapshot.TakeAsync(target.Host, target.ImapPort, target.MasterUser, target.MasterPassword, user, cancellationToken);
        Console.WriteLine($"large: {messages:N0} messages moved in {seconds:N1} s");
        return new Outcome(seconds, bytes, completed, MailboxSnapshot.Compare(expected, actual).Count, used);
    }

    private static async Task<Outcome> MoveSmallBatchAsync(MoveCenterApi api, DovecotServer source, DovecotServer target,
        int mailboxes, int messages, int seed, Func<CpuUse> cpu, CancellationToken cancellationToken)
    {
        var users = Enumerable.Range(1, mailboxes).Select(i => $"scale.small{i:D4}").ToList();
        var (expected, bytes) = await MailboxFiller.FillManyAsync(source, target, users, messages, seed + 100, cancellationToken);
        await api.PostCsvAsync("/api/users/import", "userId,postOffice\n" + string.Concat(users.Select(u => $"{u},{Source}\n")));

        var before = cpu();
        var watch = Stopwatch.StartNew();
        var created = await api.PostCsvAsync("/api/batches?name=Small", "userId,targetPostOffice\n" + string.Concat(users.Select(u => $"{u},{Target}\n")));
        var completed = await UntilBatchFinishedAsync(api, created.GetProperty("id").GetGuid(), mailboxes, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        var used = cpu() - before;
        Console.WriteLine($"batch: {mailboxes} mailboxes of {messages} messages moved in {seconds:N1} s");
        await PrintTimelineAsync(api, created.GetProperty("id").GetGuid());

        return new Outcome(seconds, bytes, completed, await MailboxSnapshot.DifferencesAsync(target, expected, cancellationToken), used);
    }

    /// <summary>Asks the API until the move is finished or waits for a person; 1 when it completed.</summary>
    private static async Task<int> UntilFinishedAsync(MoveCenterApi api, Guid id, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Limit)
        {
            var status = (await api.GetJsonAsync($"/api/moves/{id}")).GetProperty("status").GetString();
            if (status == "Completed") return 1;
            if (status is "Failed" or "Cancelled" or "Stalled" or "Suspended")
            {
                Console.WriteLine($"  move {id}: {status}");
                return 0;
            }
            await Task.Delay(100, cancellationToken);
        }
        return 0;
    }

    /// <summary>Asks the API until every move of the batch is finished or waits for a person; how many completed.</summary>
    private static async Task<int> UntilBatchFinishedAsync(MoveCenterApi api, Guid id, int moves, CancellationToken cancellationToken)
    {
        string[] done = ["Completed", "Failed", "Cancelled", "Stalled", "Suspended"];
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var counts = (await api.GetJsonAsync($"/api/batches/{id}")).GetProperty("counts").EnumerateObject()
                .ToDictionary(c => c.Name, c => c.Value.GetInt32(), StringComparer.OrdinalIgnoreCase);
            if (done.Sum(status => counts.GetValueOrDefault(status)) == moves || clock.Elapsed > Limit)
            {
                foreach (var (status, count) in counts.Where(c => c.Value > 0 && !c.Key.Equals("Completed", StringComparison.OrdinalIgnoreCase)))
                    Console.WriteLine($"  {count} moves {status}");
                return counts.GetValueOrDefault("Completed");
            }
            // Twice a second, as a watching script would: the batch's view reads all its moves and forecasts them, and the
            // node's CPU time is part of what the batch is measured by.
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>Where a small move's time goes: waiting to begin, each phase, and between phases (the fixed cost per move).</summary>
    private static async Task PrintTimelineAsync(MoveCenterApi api, Guid batchId)
    {
        var ids = (await api.GetJsonAsync($"/api/batches/{batchId}")).GetProperty("moves").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
        var spans = new Dictionary<string, List<double>>();
        foreach (var id in ids)
        {
            var history = (await api.GetJsonAsync($"/api/moves/{id}")).GetProperty("history").EnumerateArray()
                .Select(e => (At: e.GetProperty("at").GetDateTime(), Kind: e.GetProperty("kind").GetString()!, Message: e.GetProperty("message").GetString()!)).ToList();
            for (var i = 1; i < history.Count; i++)
            {
                var name = $"{history[i - 1].Kind} -> {history[i].Kind}{(history[i].Kind == "PhaseCompleted" ? " " + history[i].Message.Split(' ')[0] : "")}";
                (spans.TryGetValue(name, out var list) ? list : spans[name] = []).Add((history[i].At - history[i - 1].At).TotalMilliseconds);
            }
        }
        Console.WriteLine("  per move, between history events (median / max ms, count):");
        foreach (var (name, list) in spans.OrderByDescending(s => s.Value.Sum()))
            Console.WriteLine($"    {name,-60} {list.Order().ElementAt(list.Count / 2),8:N0} {list.Max(),8:N0} {list.Count,5}");
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}
