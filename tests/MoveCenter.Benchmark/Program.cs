using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using MoveCenter.Benchmark;
using MoveCenter.Connectors.Imap;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Testing;
// The benchmark's own snapshot: MoveCenter.Testing has the tests' one under the same name.
using MailboxSnapshot = MoveCenter.Benchmark.MailboxSnapshot;

// MoveCenter benchmark: one user's mailbox moved between two real Dovecots by a MoveCenter host built as the product builds it.
//   dotnet run -c Release --project tests/MoveCenter.Benchmark -- [--messages 10000] [--seed 1] [--list-moves 10000] [--postgres] [--keep] [--compare-dsync] [--warm-up 2000]
//   or, many moves at once on one node and then on two node processes sharing PostgreSQL: -- --nodes-compare [--moves 20] [--messages 400]
//   or issue 13's scale figures through a node's API: -- --batch-scale [--rows 1000] [--mailboxes 200] [--small-messages 50] [--large 10000] [--slots 20] [--postgres]
//   or the cutover of a copy-first move after 50 new messages, 100 flag changes and 20 deletions: -- --cutover [--messages 10000]
//   engine settings: --MoveCenter:Engine:ConnectionsPerMove=8 --MoveCenter:Engine:BlockSize=300
var messages = Option("--messages", 10_000);
var seed = Option("--seed", 1);
var listMoves = Option("--list-moves", 0);
var purge = args.Contains("--keep") ? PurgeMode.Keep : PurgeMode.Purge;
var compareDsync = args.Contains("--compare-dsync");
var onPostgres = args.Contains("--postgres");
var warmUp = Option("--warm-up", 2_000);
const string user = "bench.user";
const string dsyncUser = "bench.dsync";
const string warmUpUser = "bench.warmup";
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;
if (args.Contains("--batch-scale"))
    return await BatchScale.RunAsync(Option("--rows", 1_000), Option("--mailboxes", 200), Option("--small-messages", 50), Option("--large", 10_000),
        Option("--slots", 20), onPostgres, seed, ct);
if (args.Contains("--nodes-compare")) return await NodesCompare.RunAsync(Option("--moves", 20), Option("--messages", 400), seed, args, ct);
if (args.Contains("--cutover")) return await CutoverRun.RunAsync(messages, seed, args, ct);

var work = Directory.CreateTempSubdirectory("movecenter-bench-");
await using var source = await DovecotServer.StartAsync("bench-src");
await using var target = await DovecotServer.StartAsync("bench-dst");
await source.AddUserAsync(user, "userpw");
await target.AddUserAsync(user, "userpw");
Console.WriteLine($"Dovecot source on {source.ImapPort}, target on {target.ImapPort}; data in {work.FullName}");
// --postgres: production's database, a private PostgreSQL server, instead of the embedded SQLite file.
await using var postgres = onPostgres ? await PostgresServer.StartAsync() : null;
var database = postgres is null
    ? DatabaseSettings.Sqlite(Path.Combine(work.FullName, "movecenter.db"))
    : new DatabaseSettings(DatabaseProvider.PostgreSql, await postgres.CreateDatabaseAsync());
Console.WriteLine($"database: {database.Provider}");

var exit = 0;
try
{
    MailboxSnapshot? expected = null;
    long totalBytes = 0;
    if (messages > 0)
    {
        var watch = Stopwatch.StartNew();
        var settings = new ImapConnectionSettings(source.Host, source.ImapPort, ImapSecurity.None, source.MasterUser, source.MasterPassword);
        (_, totalBytes) = await MailboxFiller.FillAsync(settings, user, first: 0, messages, seed, sessions: 3, ct);
        Console.WriteLine($"fill: {messages:N0} messages, {Mb(totalBytes):N0} MB in {watch.Elapsed.TotalSeconds:N1} s (not part of the figure)");
        watch.Restart();
        expected = await MailboxSnapshot.TakeAsync(source.Host, source.ImapPort, source.MasterUser, source.MasterPassword, user, ct);
        Console.WriteLine($"source hashed: {expected.Count:N0} messages in {expected.Folders.Count} folders in {watch.Elapsed.TotalSeconds:N1} s");
        if (expected.Count != messages) throw new InvalidOperationException($"the source holds {expected.Count} messages, expected {messages}");
    }

    double? dsyncRate = null;
    if (compareDsync && expected is not null)
    {
        await target.AddUserAsync(dsyncUser, "userpw");
        var elapsed = await DsyncRun.CopyAsync(source, target, user, dsyncUser, ct);
        var copied = await MailboxSnapshot.TakeAsync(target.Host, target.ImapPort, target.MasterUser, target.MasterPassword, dsyncUser, ct);
        var differences = MailboxSnapshot.Compare(expected, copied);
        dsyncRate = messages / elapsed.TotalSeconds;
        Console.WriteLine($"dsync: {messages:N0} messages in {elapsed.TotalSeconds:N1} s, {dsyncRate:N0} msg/s, {Mb(totalBytes) / elapsed.TotalSeconds:N1} MB/s, " +
                          $"{differences.Count} differences at the target");
    }

    await using var host = await MoveCenterHost.StartAsync(work.FullName, database, args, ct);
    await host.AddPostOfficesAsync(source.ImapPort, target.ImapPort, source.MasterUser, source.MasterPassword, ct);
    await host.AddUserAsync(user, ct);
    if (warmUp > 0 && expected is not null)
    {
        // A running service has compiled its hot paths long ago; a fresh process spends a sixth of a short move in the JIT.
        await source.AddUserAsync(warmUpUser, "userpw");
        await target.AddUserAsync(warmUpUser, "userpw");
        await MailboxFiller.FillAsync(new ImapConnectionSettings(source.Host, source.ImapPort, ImapSecurity.None, source.MasterUser, source.MasterPassword),
            warmUpUser, first: 0, warmUp, seed + 1, sessions: 3, ct);
        await host.AddUserAsync(warmUpUser, ct);
        var warm = await host.MoveAsync(warmUpUser, purge, TimeSpan.FromMinutes(10), ct);
        Console.WriteLine($"warm-up: {warmUp:N0} messages moved first ({warm.Status}, {warm.Elapsed.TotalSeconds:N1} s), as a running service has its code compiled");
    }

    if (expected is not null)
    {
        var baseline = PeakMemory.Reset();
        using var sampler = new PeakMemory();
        using var allocations = new AllocationMeter();
        // The mover shares the box with both servers: its own CPU and GC time show whether it or Dovecot is the limit.
        var (cpuBefore, pauseBefore, gen2Before, allocatedBefore) =
            (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalPauseDuration(), GC.CollectionCount(2), allocations.Bytes);
        var (jitBefore, jitMethodsBefore) = (JitInfo.GetCompilationTime(), JitInfo.GetCompiledMethodCount());
        var outcome = await host.MoveAsync(user, purge, TimeSpan.FromMinutes(60), ct);
        var peak = Math.Max(Process.GetCurrentProcess().PeakWorkingSet64, sampler.Peak);
        var seconds = outcome.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var gcPause = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        // Unlike times, allocations do not depend on what else the box is doing: a steady figure to compare changes by.
        var allocated = allocations.Bytes - allocatedBefore;
        // Tiered compilation goes on recompiling hot code for a long time: its share is printed, not hidden.
        var (jit, jitMethods) = (JitInfo.GetCompilationTime() - jitBefore, JitInfo.GetCompiledMethodCount() - jitMethodsBefore);
        Console.WriteLine();
        Console.WriteLine($"move: {outcome.Status} in {seconds:N1} s");
        foreach (var phase in outcome.Phases) Console.WriteLine($"  {phase.Phase,-14} {phase.Duration.TotalSeconds,8:N2} s");
        Console.WriteLine($"mover per message: {cpu * 1000 / messages:N3} CPU ms ({(cpu - jit.TotalSeconds) * 1000 / messages:N3} without the JIT, " +
                          $"which compiled {jitMethods:N0} methods in {jit.TotalSeconds:N1} s during the move), {allocated / (double)messages / 1024:N1} KB allocated");
        var itemRequest = outcome.Phases.FirstOrDefault(p => p.Phase == MovePhase.ItemRequest.DisplayName());
        if (outcome.Status != MoveStatus.Completed)
        {
            Console.WriteLine($"the move did not complete: {outcome.LastError}");
            foreach (var line in outcome.History.TakeLast(30)) Console.WriteLine($"  {line}");
            exit = 1;
        }

        var watch = Stopwatch.StartNew();
        var actual = await MailboxSnapshot.TakeAsync(target.Host, target.ImapPort, target.MasterUser, target.MasterPassword, user, ct);
        var problems = MailboxSnapshot.Compare(expected, actual);
        Console.WriteLine($"verify: {actual.Count:N0} messages in {actual.Folders.Count} folders at the target, {problems.Count} differences ({watch.Elapsed.TotalSeconds:N1} s)");
        foreach (var problem in problems.Take(20)) Console.WriteLine($"  {problem}");
        if (problems.Count > 0) exit = 1;

        Console.WriteLine();
        Console.WriteLine($"RESULT messages={messages} MB={Mb(totalBytes):N0} seconds={seconds:N1} msg/s={messages / seconds:N0} MB/s={Mb(totalBytes) / seconds:N1} " +
                          $"peakWS={Mb(peak):N0}MB (before move {Mb(baseline):N0}MB) itemRequest={itemRequest?.Duration.TotalSeconds:N1}s " +
                          $"itemRequest msg/s={(itemRequest is null ? 0 : messages / itemRequest.Duration.TotalSeconds):N0} moverCpu={cpu:N1}s gcPause={gcPause:N2}s gen2={gen2} allocated={Mb(allocated):N0}MB verified={(problems.Count == 0 && exit == 0 ? "yes" : "NO")}");
        if (dsyncRate is { } dsync)
            Console.WriteLine($"COMPARE moveCenter msg/s={messages / seconds:N0} dsync msg/s={dsync:N0} ratio={messages / seconds / dsync:N2} " +
                              $"(MoveCenter's whole move{(purge == PurgeMode.Purge ? ", purge included" : "")}, queue to completed; dsync's whole run)");
    }

    if (listMoves > 0)
    {
        // Otherwise the engine picks up the inserted queued and running moves and the timings measure it too.
        await host.StopEngineAsync(ct);
        await ListMovesLoad.RunAsync(host.Services, listMoves, seed, ct);
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
        // A file still open at exit; the temporary folder is left behind.
    }
}
return exit;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
