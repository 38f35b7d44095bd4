using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>
/// A purge the source refuses does not lose the move: its mail is at the target, so the move completes, and the removal
/// is kept as pending cleanup, tried again on its schedule and never forgotten.
/// </summary>
public sealed class PendingCleanupTests : IDisposable
{
    private const string User = "UserA";
    private readonly TestDataFolder _data = new();

    private static HostSettings Settings(string interval, string period) => new()
    {
        Configuration = new Dictionary<string, string?>
        {
            ["MoveCenter:Engine:Retry:CleanupInterval"] = interval,
            ["MoveCenter:Engine:Retry:CleanupPeriod"] = period,
        },
    };

    [Fact]
    public Task A_purge_refused_by_a_read_only_source_completes_the_move_and_the_source_is_purged_once_the_cause_is_removed() => RefusedPurgeRetriedAsync(_data);

    /// <summary>Also run on every server database by <see cref="ServerDatabaseEngineTests"/>.</summary>
    internal static async Task RefusedPurgeRetriedAsync(TestDataFolder data)
    {
        await using var host = await MoveCenterHost.StartAsync(data, Settings("00:00:00.500", "01:00:00"));
        var mailbox = data.MailboxPath(DemoDirectorySeeder.SourcePostOffice, User);
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);
        using var readOnly = ImmutableDirectory.Apply(mailbox);

        var moveId = await host.QueueAsync(User);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        before.AssertSameMail(await MailboxSnapshot.TakeAsync(host.TargetRoot, User));
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted
            && h.Message.Contains("could not be removed", StringComparison.Ordinal) && h.Message.Contains("pending cleanup", StringComparison.Ordinal));
        Assert.Equal(CleanupState.Pending, details.Cleanup?.State);

        // Tried again while the cause lasts, and nothing at the source is removed meanwhile.
        var retried = await WaitForCleanupAsync(host, moveId, c => c.Attempts >= 3, "to be tried three times");
        Assert.Equal(CleanupState.Pending, retried.State);
        Assert.Contains("denied", retried.LastError, StringComparison.OrdinalIgnoreCase);
        before.AssertSameMail(await MailboxSnapshot.TakeAsync(host.SourceRoot, User));

        readOnly.Lift();
        var done = await WaitForCleanupAsync(host, moveId, c => c.State == CleanupState.Done, "to be done");

        Assert.False(System.IO.Directory.Exists(mailbox), "the source mailbox is purged once it can be");
        Assert.NotNull(done.CompletedAt);
        Assert.Contains((await host.DetailsAsync(moveId)).History, h => h.Message.StartsWith("Cleanup done: UserA's old mailbox on SourcePO was removed", StringComparison.Ordinal));
        Assert.DoesNotContain(await Queries(host).ListOpenAsync(TestContext.Current.CancellationToken), c => c.MoveId == moveId);
    }

    [Fact]
    public async Task A_cleanup_that_fails_for_its_whole_period_stays_listed_for_an_admin_whose_retry_purges_the_source()
    {
        await using var host = await MoveCenterHost.StartAsync(_data, Settings("00:00:00.300", "00:00:01"));
        var mailbox = _data.MailboxPath(DemoDirectorySeeder.SourcePostOffice, User);
        using var readOnly = ImmutableDirectory.Apply(mailbox);
        var moveId = await host.QueueAsync(User);
        host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Completed);

        var given = await WaitForCleanupAsync(host, moveId, c => c.State == CleanupState.NeedsAdmin, "to wait for an admin");

        Assert.True(given.Attempts > 1);
        Assert.Contains(await Queries(host).ListOpenAsync(TestContext.Current.CancellationToken), c => c.MoveId == moveId && c.State == CleanupState.NeedsAdmin);
        Assert.Contains((await host.DetailsAsync(moveId)).History, h => h.Message.Contains("Cleanup failed, needs an admin", StringComparison.Ordinal));
        Assert.True(System.IO.Directory.Exists(mailbox));

        readOnly.Lift();
        var retried = await host.Services.GetRequiredService<RetryCleanupHandler>().HandleAsync(moveId, "admin-3", TestContext.Current.CancellationToken);
        Assert.Equal((CleanupState.Pending, "admin-3"), (retried.State, retried.RetriedBy));
        await WaitForCleanupAsync(host, moveId, c => c.State == CleanupState.Done, "to be done after the admin's retry");

        Assert.False(System.IO.Directory.Exists(mailbox));
        Assert.Contains((await host.DetailsAsync(moveId)).History, h => h.Kind == MoveEventKind.AdminAction && h.Actor == "admin-3");
    }

    private static SourceCleanupQueries Queries(MoveCenterHost host) => host.Services.GetRequiredService<SourceCleanupQueries>();

    private static async Task<SourceCleanupView> WaitForCleanupAsync(MoveCenterHost host, Guid moveId, Func<SourceCleanupView, bool> condition, string description)
    {
        var (met, cleanup) = await Eventually.PollAsync(() => Queries(host).ForMoveAsync(moveId, TestContext.Current.CancellationToken),
            c => c is not null && condition(c), MoveCenterHost.WaitLimit);
        if (!met)
            Assert.Fail($"The cleanup of move {moveId} did not get {description} within {MoveCenterHost.WaitLimit}: {cleanup}\n{host.Describe(await host.DetailsAsync(moveId))}");
        return cleanup!;
    }

    public void Dispose() => _data.Dispose();
}
