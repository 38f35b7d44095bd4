using System.Diagnostics;
using MailKit;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Connectors.Imap;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Testing;

namespace MoveCenter.Benchmark;

/// <summary>
/// The cutover of a copy-first move (issue 14): a mailbox of <c>--messages</c> messages is copied and synced while the
/// user stays on the source; then it gets 50 new messages, 100 flag changes and 20 deletions, and Complete is timed
/// from the request to Completed (admin rename, the last incremental sync, purge). The target is then compared with
/// the source as it was at the cutover.
/// </summary>
internal static class CutoverRun
{
    private const string User = "bench.cutover";
    private const int NewMessages = 50;
    private const int FlagChanges = 100;
    private const int Deletions = 20;

    public static async Task<int> RunAsync(int messages, int seed, string[] args, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("movecenter-cutover-");
        await using var source = await DovecotServer.StartAsync("cut-src");
        await using var target = await DovecotServer.StartAsync("cut-dst");
        await source.AddUserAsync(User, "userpw");
        await target.AddUserAsync(User, "userpw");
        var settings = new ImapConnectionSettings(source.Host, source.ImapPort, ImapSecurity.None, source.MasterUser, source.MasterPassword);
        await MailboxFiller.FillAsync(settings, User, first: 0, messages, seed, sessions: 3, cancellationToken);
        Console.WriteLine($"fill: {messages:N0} messages at the source (not part of the figure)");

        await using var host = await MoveCenterHost.StartAsync(work.FullName, DatabaseSettings.Sqlite(Path.Combine(work.FullName, "movecenter.db")), args, cancellationToken);
        await host.AddPostOfficesAsync(source.ImapPort, target.ImapPort, source.MasterUser, source.MasterPassword, cancellationToken);
        await host.AddUserAsync(User, cancellationToken);
        var clock = Stopwatch.StartNew();
        var moveId = await host.QueueAsync(User, new QueueMoveOptions(Mode: MoveMode.CopyFirst), cancellationToken);
        var copied = await host.WaitAsync(moveId, clock, TimeSpan.FromMinutes(60), cancellationToken);
        Console.WriteLine($"first copy: {copied.Status} in {copied.Elapsed.TotalSeconds:N1} s, the user still on the source");
        if (copied.Status != MoveStatus.Synced) return Fail(copied);

        await MailboxFiller.FillAsync(settings, User, first: messages, NewMessages, seed, sessions: 1, cancellationToken);
        using (var edits = await SourceEdits.OpenAsync(source, User))
        {
            var inbox = await edits.FolderAsync();
            var uids = await edits.UidsAsync(inbox);
            await edits.ExpungeAsync(inbox, [.. uids.Take(Deletions)]);
            await edits.StoreAsync(inbox, [.. uids.Skip(Deletions).Take(FlagChanges)], StoreAction.Add, MessageFlags.None, "$Cutover");
        }
        var expected = await MailboxSnapshot.TakeAsync(source.Host, source.ImapPort, source.MasterUser, source.MasterPassword, User, cancellationToken);
        Console.WriteLine($"since the sync: {NewMessages} new, {FlagChanges} flag changes, {Deletions} deletions; the source holds {expected.Count:N0}");

        clock.Restart();
        await host.Services.GetRequiredService<CompleteMoveHandler>().HandleAsync(moveId, "benchmark", cancellationToken);
        var cutover = await host.WaitAsync(moveId, clock, TimeSpan.FromMinutes(30), cancellationToken);
        if (cutover.Status != MoveStatus.Completed) return Fail(cutover);
        // The user lives on the target with all their mail once the last sync is done; the purge only cleans the source up.
        var untilPurge = cutover.Elapsed - (cutover.Phases.LastOrDefault(p => p.Phase == MovePhase.Purge.DisplayName())?.Duration ?? TimeSpan.Zero);
        Console.WriteLine($"cutover: {cutover.Status} in {cutover.Elapsed.TotalSeconds:N2} s, the user on the target with all mail after {untilPurge.TotalSeconds:N2} s");
        foreach (var phase in cutover.Phases.TakeLast(3)) Console.WriteLine($"  {phase.Phase,-14} {phase.Duration.TotalSeconds,8:N2} s");

        var actual = await MailboxSnapshot.TakeAsync(target.Host, target.ImapPort, target.MasterUser, target.MasterPassword, User, cancellationToken);
        var problems = MailboxSnapshot.Compare(expected, actual);
        foreach (var problem in problems.Take(20)) Console.WriteLine($"  {problem}");
        Console.WriteLine();
        Console.WriteLine($"CUTOVER messages={messages} new={NewMessages} flagChanges={FlagChanges} deletions={Deletions} " +
                          $"seconds={cutover.Elapsed.TotalSeconds:N2} untilPurgeSeconds={untilPurge.TotalSeconds:N2} firstCopySeconds={copied.Elapsed.TotalSeconds:N1} verified={(problems.Count == 0 ? "yes" : "NO")}");
        TryDelete(work);
        return problems.Count == 0 ? 0 : 1;
    }

    private static int Fail(MoveOutcome outcome)
    {
        Console.WriteLine($"the move stopped {outcome.Status}: {outcome.LastError}");
        foreach (var line in outcome.History.TakeLast(30)) Console.WriteLine($"  {line}");
        return 1;
    }

    private static void TryDelete(DirectoryInfo work)
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
}
