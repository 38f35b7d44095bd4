using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>
/// The configurable list of errors that restart a move (like Migrator for Notes' RetryJobStatus): a listed error that
/// would otherwise count against the bad item limit or stall the move restarts it, and it resumes where it stopped.
/// </summary>
public sealed class RestartOnErrorsTests : IDisposable
{
    private const string User = "UserA";
    private const string Unavailable = "the server refused the message: No [UNAVAILABLE] Temporary failure";
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_message_refused_with_a_listed_imap_code_restarts_the_move_instead_of_counting_as_a_bad_item()
    {
        var target = new RefusingTarget(Unavailable);
        await using var host = await MoveCenterHost.StartAsync(_data, decorate: target.Install);
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);

        var moveId = await host.QueueAsync(User);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.Equal(1, details.Summary.Restarts);
        var restart = Assert.Single(details.History, h => h.Kind == MoveEventKind.AutomaticRestart);
        Assert.Contains($"Imap:UNAVAILABLE is an error that restarts the move: a message in Inbox was refused: {Unavailable}", restart.Message);
        Assert.DoesNotContain(details.History, h => h.Kind == MoveEventKind.ItemFailed);
        Assert.Equal(0, (await RefusedItemAsync(host, target)).Attempts);
        await TargetChecks.AssertEachMessageOnceAsync(host, before, User);
    }

    [Fact]
    public async Task A_refusal_whose_code_is_not_listed_counts_against_the_bad_item_limit_and_restarts_nothing()
    {
        var target = new RefusingTarget(Unavailable);
        var settings = new HostSettings { Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:Retry:RestartOnErrors:0"] = "Socket:ConnectionReset" } };
        await using var host = await MoveCenterHost.StartAsync(_data, settings, target.Install);

        var moveId = await host.QueueAsync(User);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.Equal(0, details.Summary.Restarts);
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.ItemFailed && h.Message.EndsWith(Unavailable, StringComparison.Ordinal));
        Assert.Equal(1, (await RefusedItemAsync(host, target)).Attempts);
    }

    [Fact]
    public async Task A_mailbox_refused_with_a_listed_code_during_the_inventory_restarts_the_move_instead_of_stalling_it()
    {
        var source = new LockedSource();
        await using var host = await MoveCenterHost.StartAsync(_data, decorate: source.Install);
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);

        var moveId = await host.QueueAsync(User);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        var restart = Assert.Single(details.History, h => h.Kind == MoveEventKind.AutomaticRestart);
        Assert.StartsWith("Automatic restart 1 of 10 in Inventory: Imap:INUSE is an error that restarts the move", restart.Message);
        Assert.DoesNotContain(details.History, h => h.Kind == MoveEventKind.Stalled);
        await TargetChecks.AssertEachMessageOnceAsync(host, before, User);
    }

    [Fact]
    public async Task A_real_imap_servers_response_code_is_matched_and_restarts_the_move_up_to_the_restart_limit()
    {
        // Dovecot refuses messages over this size with "NO [LIMIT] Mail size is larger than ..."; some demo messages are larger.
        await using var quota = await DovecotServer.StartAsync("limit", new DovecotServerOptions { MaxMessageSize = 8_000 });
        await quota.AddUserAsync(User, "user-secret");
        var settings = new HostSettings
        {
            MessagesPerUser = 40,
            Configuration = new Dictionary<string, string?>
            {
                ["MoveCenter:Engine:Retry:RestartOnErrors:0"] = "Imap:LIMIT",
                ["MoveCenter:Engine:Retry:MaxAutomaticRestarts"] = "1",
            },
        };
        await using var host = await MoveCenterHost.StartAsync(_data, settings);
        await host.Services.GetRequiredService<AddPostOfficeHandler>().HandleAsync(
            new AddPostOfficeRequest("LimitIMAP", DemoDirectorySeeder.Domain, "imap", Host: quota.Host, Port: quota.ImapPort, Security: "none",
                AdminUser: quota.MasterUser, AdminPassword: quota.MasterPassword), "test", TestContext.Current.CancellationToken);

        var moveId = await host.QueueAsync(User, "LimitIMAP");
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Failed);
        var restart = Assert.Single(details.History, h => h.Kind == MoveEventKind.AutomaticRestart);
        Assert.Contains("Imap:LIMIT is an error that restarts the move", restart.Message);
        Assert.True(restart.Message.Contains("refused the message: No [LIMIT] Mail size is larger than", StringComparison.Ordinal), restart.Message);
        Assert.StartsWith("Terminated abnormally 2 times, more than the 1 automatic restarts allowed. Last: Imap:LIMIT", details.Summary.LastError);
        Assert.DoesNotContain(details.History, h => h.Kind == MoveEventKind.ItemFailed);
    }

    private static async Task<Domain.Inventory.InventoryItem> RefusedItemAsync(MoveCenterHost host, RefusingTarget target)
    {
        // A delivery key ends in "_{inventory item id}.movecenter,S={size}".
        var key = target.RefusedKey ?? throw new InvalidOperationException("No message was refused.");
        var start = key.LastIndexOf('_') + 1;
        var id = long.Parse(key[start..key.IndexOf(".movecenter", start, StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        await using var db = await host.DbAsync();
        return await db.InventoryItems.AsNoTracking().SingleAsync(i => i.Id == id, TestContext.Current.CancellationToken);
    }

    /// <summary>The real target, which refuses the first message it is sent, once, with the given words.</summary>
    private sealed class RefusingTarget(string refusal) : MailStoreDouble(DemoDirectorySeeder.TargetPostOffice)
    {
        private int _refused;

        public string? RefusedKey { get; private set; }

        private string Refusal { get; } = refusal;

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, RefusingTarget owner) : DelegatingMailboxSession(inner)
        {
            public override async Task<IReadOnlyList<AppendOutcome>> AppendAsync(
                FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
            {
                if (messages.Count == 0 || Interlocked.Exchange(ref owner._refused, 1) == 1)
                    return await Inner.AppendAsync(folder, messages, cancellationToken);
                owner.RefusedKey = messages[0].DeliveryKey;
                var delivered = await Inner.AppendAsync(folder, messages.Skip(1).ToList(), cancellationToken);
                return [AppendOutcome.Failure(messages[0].DeliveryKey, owner.Refusal), .. delivered];
            }
        }
    }

    /// <summary>The real source, whose mailbox is locked by another process once, when the inventory lists its folders.</summary>
    private sealed class LockedSource() : MailStoreDouble(DemoDirectorySeeder.SourcePostOffice)
    {
        private int _listings;

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, LockedSource owner) : DelegatingMailboxSession(inner)
        {
            /// <summary>Preflight lists the folders first; the second listing is the inventory's.</summary>
            public override Task<IReadOnlyList<MailFolder>> ListFoldersAsync(CancellationToken cancellationToken) =>
                Interlocked.Increment(ref owner._listings) == 2
                    ? throw new MailboxAccessException("the server refused a command for UserA: [INUSE] Mailbox is locked by another process")
                    : Inner.ListFoldersAsync(cancellationToken);
        }
    }

    public void Dispose() => _data.Dispose();
}
