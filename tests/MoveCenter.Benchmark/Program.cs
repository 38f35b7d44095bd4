using System.Diagnostics;
using System.Globalization;
using MoveCenter.Benchmark;
using MoveCenter.Connectors.Imap;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
// The benchmark's own snapshot: MoveCenter.Testing has the tests' one under the same name.
using MailboxSnapshot = MoveCenter.Benchmark.MailboxSnapshot;

// MoveCenter benchmark: one user's mailbox moved between two real Dovecots by a MoveCenter host built as the product builds it.
//   dotnet run -c Release --project tests/MoveCenter.Benchmark -- [--messages 10000] [--seed 1] [--list-moves 10000] [--keep] [--compare-dsync]
//   --compare-dsync first moves the same mailbox with Dovecot's dsync (doveadm backup -R over imapc) into a third Dovecot
//   engine settings: --MoveCenter:Engine:ConnectionsPerMove=8 --MoveCenter:Engine:BlockSize=300
var messages = Option("--messages", 10_000);
var seed = Option("--seed", 1);
var listMoves = Option("--list-moves", 0);
var purge = args.Contains("--keep") ? PurgeMode.Keep : PurgeMode.Purge;
var compareDsync = args.Contains("--compare-dsync");
const string user = "bench.user";
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;

var work = Directory.CreateTempSubdirectory("movecenter-bench-");
await using var source = await DovecotServer.StartAsync("bench-src");
await using var target = await DovecotServer.StartAsync("bench-dst");
await source.AddUserAsync(user, "userpw");
await target.AddUserAsync(user, "userpw");
Console.WriteLine($"Dovecot source on {source.ImapPort}, target on {target.ImapPort}; data in {work.FullName}");

var exit = 0;
try
{
    MailboxSnapshot? expected = null;
    long totalBytes = 0;
    if (messages > 0)
    {
        var watch = Stopwatch.StartNew();
        var settings = new ImapConnectionSettings(source.Host, source.ImapPort, ImapSecurity.None, source.MasterUser, source.MasterPassword);
        (_, totalBytes) = await MailboxFiller.FillAsync(settings, user, messages, seed, sessions: 3, ct);
        Console.WriteLine($"fill: {messages:N0} messages, {Mb(totalBytes):N0} MB in {watch.Elapsed.TotalSeconds:N1} s (not part of the figure)");
        watch.Restart();
        expected = await MailboxSnapshot.TakeAsync(source.Host, source.ImapPort, source.MasterUser, source.MasterPassword, user, ct);
        Console.WriteLine($"source hashed: {expected.Count:N0} messages in {expected.Folders.Count} folders in {watch.Elapsed.TotalSeconds:N1} s");
        if (expected.Count != messages) throw new InvalidOperationException($"the source holds {expected.Count} messages, expected {messages}");
    }

    // Before the mover, whose purge empties the source.
    double? dsyncSeconds = compareDsync && expected is not null ? await DsyncRun.MeasureAsync(source, user, expected, totalBytes, ct) : null;

    await using var host = await MoveCenterHost.StartAsync(work.FullName, args, ct);
    await host.AddPostOfficesAndUserAsync(source.ImapPort, target.ImapPort, source.MasterUser, source.MasterPassword, user, ct);

    if (expected is not null)
    {
        var baseline = PeakMemory.Reset();
        using var sampler = new PeakMemory();
        // The mover shares the box with both servers: its own CPU and GC time show whether it or Dovecot is the limit.
        var (cpuBefore, pauseBefore, gen2Before, allocatedBefore) =
            (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalPauseDuration(), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true));
        var outcome = await host.MoveAsync(user, purge, TimeSpan.FromMinutes(60), ct);
        var peak = Math.Max(Process.GetCurrentProcess().PeakWorkingSet64, sampler.Peak);
        var seconds = outcome.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var gcPause = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        // Unlike times, allocations do not depend on what else the box is doing: a steady figure to compare changes by.
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        // Seen going backwards under server GC on a loaded box: then there is no figure rather than a wrong one.
        var perMessage = allocated >= 0 ? $"{allocated / messages:N0}B" : "n/a";
        Console.WriteLine();
        Console.WriteLine($"move: {outcome.Status} in {seconds:N1} s");
        foreach (var phase in outcome.Phases) Console.WriteLine($"  {phase.Phase,-14} {phase.Duration.TotalSeconds,8:N2} s");
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
                          $"itemRequest msg/s={(itemRequest is null ? 0 : messages / itemRequest.Duration.TotalSeconds):N0} moverCpu={cpu:N1}s cpuMs/msg={cpu * 1000 / messages:N2} allocated/msg={perMessage} gcPause={gcPause:N2}s gen2={gen2} allocated={(allocated >= 0 ? $"{Mb(allocated):N0}MB" : "n/a")} verified={(problems.Count == 0 && exit == 0 ? "yes" : "NO")}");
        if (dsyncSeconds is { } dsync)
            Console.WriteLine($"DSYNC msg/s={messages / dsync:N0} MB/s={Mb(totalBytes) / dsync:N1} mover/dsync={dsync / seconds:N2}");
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
