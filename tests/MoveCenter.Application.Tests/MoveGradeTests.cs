using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Application.Moves.Reports;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Application.Tests.Support.ImapMoves;

namespace MoveCenter.Application.Tests;

/// <summary>
/// Real IMAP moves between Dovecots, one target refusing messages over 20 KB: what each move left behind is in its report
/// with the server's words and the fix, and its grade decides whether its purge waits for an admin's approval.
/// </summary>
public sealed class MoveGradeTests(DovecotPair dovecot) : IClassFixture<DovecotPair>, IDisposable
{
    private const string SourceImap = "SourceIMAP";
    private const string TargetImap = "TargetIMAP";
    private const string LimitedImap = "LimitedIMAP";
    private const long LargeItemLimit = 64 * 1024;
    private const int TargetSizeLimit = 20_000;
    private static readonly DateTimeOffset Date = new(2023, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task Two_items_too_large_and_one_the_target_refuses_grade_the_move_Investigate_and_keep_the_source_until_an_admin_approves()
    {
        await using var limited = await DovecotServer.StartAsync("limited", new DovecotServerOptions { MaxMessageSize = TargetSizeLimit });
        var user = await DovecotPair.NewUserAsync("investigate", dovecot.Source, limited);
        await FillAsync(user, Small(5), [Sized("scan one", 90_000), Sized("scan two", 120_000), Sized("over the target's limit", 30_000)]);
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        await using var host = await StartHostAsync(user);
        await AddImapPostOfficeAsync(host, LimitedImap, limited);

        var moveId = await host.QueueAsync(user, LimitedImap, new QueueMoveOptions(BadItemLimit: 1));
        host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Stalled);
        await host.Services.GetRequiredService<SkipItemHandler>().HandleAsync(moveId, "admin-3", Ct);
        var waiting = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(waiting, MoveStatus.Stalled);
        Assert.Equal((MovePhase.Purge, MoveGrade.Investigate, true), (waiting.Summary.Phase, waiting.Summary.Grade, waiting.Summary.AwaitsApproval));
        Assert.StartsWith("Graded Investigate: 2 items", waiting.Summary.WaitReason);
        Assert.Null(waiting.Summary.NotBefore);
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Source, user));

        var report = await ReportAsync(host, moveId, showMail: true);
        Assert.Equal(("Stalled", "Investigate"), (report.Status, report.Grade));
        Assert.Equal([(NotMovedCategory.TooLarge, 2), (NotMovedCategory.RefusedByTarget, 1)], report.Categories.Select(c => (c.Category, c.Count)));
        Assert.Equal(
            "too large for the limit of 64 KB: raise `MoveCenter:Engine:LargeItemLimit` to 1048576 (1 MB) and Restart the entire move, or move it by hand",
            report.Categories[0].Fix);
        Assert.Contains("raise the target's limit or quota", report.Categories[1].Fix);
        Assert.Equal(3, report.NotMoved.Count);
        var refused = Assert.Single(report.NotMoved, i => i.Category == NotMovedCategory.RefusedByTarget);
        Assert.Equal(("over the target's limit", "admin-3"), (refused.Subject, refused.SkippedBy));
        Assert.StartsWith("the server refused the message: No [LIMIT] Mail size is larger than the maximum size allowed by server configuration", refused.ServerWords);
        Assert.Equal(["scan one", "scan two"], report.NotMoved.Where(i => i.Category == NotMovedCategory.TooLarge).Select(i => i.Subject).Order());

        var done = await host.ApproveSkippedAsync(waiting, "admin-4");

        host.AssertStatus(done, MoveStatus.Completed);
        Assert.Equal(MoveGrade.Investigate, done.Summary.Grade);
        Assert.Contains(done.History, h => h.Kind == MoveEventKind.AdminAction && h.Actor == "admin-4" && h.Message.StartsWith("Approved the 2 items", StringComparison.Ordinal));
        Assert.Empty((await ImapMailboxReader.SnapshotAsync(dovecot.Source, user)).Messages);
        Assert.Equal(5, (await ImapMailboxReader.SnapshotAsync(limited, user)).Messages.Count);
    }

    [Fact]
    public async Task A_clean_move_is_graded_Perfect_and_completes_without_asking_for_approval()
    {
        var user = await DovecotPair.NewUserAsync("perfect", dovecot.Source, dovecot.Target);
        await FillAsync(user, Small(6), []);
        await using var host = await StartHostAsync(user);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);

        var done = await host.WaitUntilSettledAsync(await host.QueueAsync(user, TargetImap));

        host.AssertStatus(done, MoveStatus.Completed);
        Assert.Equal(MoveGrade.Perfect, done.Summary.Grade);
        Assert.DoesNotContain(done.History, h => h.Kind == MoveEventKind.Stalled);
        var report = await ReportAsync(host, done.Summary.Id, showMail: true);
        Assert.Equal(("Completed", "Perfect", report.InventoryTotal), (report.Status, report.Grade, report.ItemsMoved));
        Assert.Empty(report.Categories);
        Assert.Empty(report.NotMoved);
    }

    [Fact]
    public async Task A_move_that_left_behind_only_what_an_admin_skipped_is_graded_Good_without_asking_for_approval()
    {
        await using var limited = await DovecotServer.StartAsync("limited", new DovecotServerOptions { MaxMessageSize = TargetSizeLimit });
        var user = await DovecotPair.NewUserAsync("good", dovecot.Source, limited);
        await FillAsync(user, Small(4), [Sized("refused, then skipped", 30_000)]);
        await using var host = await StartHostAsync(user);
        await AddImapPostOfficeAsync(host, LimitedImap, limited);
        var moveId = await host.QueueAsync(user, LimitedImap, new QueueMoveOptions(BadItemLimit: 1));
        host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Stalled);

        await host.Services.GetRequiredService<SkipItemHandler>().HandleAsync(moveId, "admin-5", Ct);
        var done = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(done, MoveStatus.Completed);
        Assert.Equal((MoveGrade.Good, 1), (done.Summary.Grade, done.Summary.ItemsSkipped));
        Assert.Single(done.History, h => h.Kind == MoveEventKind.Stalled);
        Assert.Empty((await ImapMailboxReader.SnapshotAsync(dovecot.Source, user)).Messages);
    }

    [Fact]
    public async Task The_helpdesk_report_names_categories_and_fixes_but_no_subject_folder_or_server_words()
    {
        var user = await DovecotPair.NewUserAsync("helpdesk", dovecot.Source, dovecot.Target);
        await FillAsync(user, Small(3), [Sized("private scan", 90_000)]);
        await using var host = await StartHostAsync(user);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(PurgeMode: PurgeMode.Keep));
        host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Stalled);

        var report = await ReportAsync(host, moveId, showMail: false);

        var item = Assert.Single(report.NotMoved);
        Assert.Equal((NotMovedCategory.TooLarge, 90_000L + SizedHeaderLength("private scan")), (item.Category, item.Size));
        Assert.Equal((null, null, null, null), (item.Subject, item.Folder, item.ServerWords, item.Reason));
        Assert.StartsWith("too large for the limit", Assert.Single(report.Categories).Fix);
    }

    [Fact]
    public async Task Raising_the_large_item_limit_as_the_fix_says_and_restarting_the_entire_move_moves_what_was_too_large()
    {
        var user = await DovecotPair.NewUserAsync("raise", dovecot.Source, dovecot.Target);
        await FillAsync(user, Small(3), [Sized("a big scan", 90_000)]);
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        Guid moveId;
        string fix;
        await using (var host = await StartHostAsync(user))
        {
            await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
            moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(PurgeMode: PurgeMode.Keep));
            host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Stalled);
            fix = Assert.Single((await ReportAsync(host, moveId, showMail: true)).Categories).Fix;
        }
        var raisedLimit = System.Text.RegularExpressions.Regex.Match(fix, @"LargeItemLimit` to (\d+) ").Groups[1].Value;

        // The setting is read when a node starts, as an admin changes it: in its configuration, then a restart.
        await using var raised = await HostAsync(long.Parse(raisedLimit, System.Globalization.CultureInfo.InvariantCulture));
        await raised.Services.GetRequiredService<RestartMoveHandler>().HandleAsync(moveId, "admin-6", Ct);
        var done = await raised.WaitUntilSettledAsync(moveId);

        raised.AssertStatus(done, MoveStatus.Completed);
        Assert.Equal((MoveGrade.Perfect, 0), (done.Summary.Grade, done.Summary.ItemsSkipped));
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<MoveReport> ReportAsync(MoveCenterHost host, Guid moveId, bool showMail) =>
        host.Services.GetRequiredService<MoveReportHandler>().HandleAsync(moveId, showMail, Ct);

    private Task<MoveCenterHost> HostAsync(long largeItemLimit) =>
        MoveCenterHost.StartAsync(_data, new HostSettings
        {
            Demo = false,
            Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:LargeItemLimit"] = largeItemLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });

    private async Task<MoveCenterHost> StartHostAsync(string user)
    {
        var host = await HostAsync(LargeItemLimit);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddUserAsync(host, user, SourceImap);
        return host;
    }

    private async Task FillAsync(string user, IReadOnlyList<OutgoingMessage> small, IReadOnlyList<OutgoingMessage> large)
    {
        await using var source = await OpenAsync(dovecot.Source, user);
        await AppendAllAsync(source, FolderPath.Inbox, [.. small, .. large]);
    }

    public void Dispose() => _data.Dispose();

    private static List<OutgoingMessage> Small(int count) =>
        Enumerable.Range(0, count).Select(i => MalformedMail.Message($"small-{i}",
            Encoding.ASCII.GetBytes($"Message-ID: <small-{i}@grades.example>\r\nSubject: small {i}\r\n\r\nhello {i}\r\n"), Date.AddMinutes(i))).ToList();

    private static OutgoingMessage Sized(string subject, int bodySize) =>
        MalformedMail.Message(subject, Encoding.ASCII.GetBytes(SizedHeader(subject) + new string('x', bodySize)), Date.AddHours(1));

    private static string SizedHeader(string subject) => $"Message-ID: <{subject.Replace(' ', '-').Replace("'", "")}@grades.example>\r\nSubject: {subject}\r\n\r\n";

    private static long SizedHeaderLength(string subject) => SizedHeader(subject).Length;
}
