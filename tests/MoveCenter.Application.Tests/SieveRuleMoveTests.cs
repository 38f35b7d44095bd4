using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Imap;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests;

public sealed class SieveRuleMoveTests : IDisposable
{
    private const string User = "UserA";


    private const string ImapPostOffice = "DovecotPO";

    private static readonly HostSettings Small = new() { Users = 2, MessagesPerUser = 20 };

    private static readonly SieveScript Filing = new("Filing rules",
        "require [\"fileinto\"];\r\nif header :contains \"subject\" \"[list]\" {\r\n  fileinto \"Lists\";\r\n}\r\n", Active: true);

    private static readonly SieveScript Vacation = new("vacation",
        "require \"vacation\";\r\nvacation :days 7 \"Away until Monday – Grüße.\";\r\n", Active: false);

    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task Moving_a_maildir_user_to_an_imap_post_office_with_sieve_carries_both_scripts_and_keeps_the_active_one_active()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dovecot = await DovecotServer.StartAsync("rules");
        await dovecot.AddUserAsync(User, "secret");
        await using var host = await MoveCenterHost.StartAsync(_data, Small);
        await AddDovecotPostOfficeAsync(host, dovecot, withSieve: true);
        await PutSourceScriptsAsync(host, Vacation, Filing);

        var moveId = await host.QueueAsync(User, ImapPostOffice);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        await using (var target = await TargetRulesAsync(dovecot))
            Assert.Equal([Filing, Vacation], Sorted(await target.ListAsync(ct)));
        await using var db = await host.DbAsync();
        var rules = await db.InventoryItems.AsNoTracking().Where(i => i.MoveId == moveId && i.Kind == InventoryKind.Rule)
            .OrderBy(i => i.SourceKey).ToListAsync(ct);
        Assert.Equal(["Filing rules", "vacation"], rules.Select(r => r.SourceKey));
        Assert.All(rules, r => Assert.Equal(InventoryState.Moved, r.State));
        Assert.Equal(2, await db.MigratedItems.CountAsync(m => m.MoveId == moveId && rules.Select(r => r.Id).Contains(m.InventoryItemId), ct));
        Assert.Equal(0, details.Summary.ItemsRemaining);
    }

    [Fact]
    public async Task Scripts_are_skipped_with_a_history_note_when_the_target_post_office_offers_no_sieve()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dovecot = await DovecotServer.StartAsync("nosieve");
        await dovecot.AddUserAsync(User, "secret");
        await using var host = await MoveCenterHost.StartAsync(_data, Small);
        await AddDovecotPostOfficeAsync(host, dovecot, withSieve: false);
        await PutSourceScriptsAsync(host, Vacation, Filing);

        var moveId = await host.QueueAsync(User, ImapPostOffice);
        var details = await host.ApproveSkippedAsync(await host.WaitUntilSettledAsync(moveId));

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.ItemSkipped && h.Message.Contains("the target post office offers no Sieve"));
        await using var db = await host.DbAsync();
        var rules = await db.InventoryItems.AsNoTracking().Where(i => i.MoveId == moveId && i.Kind == InventoryKind.Rule).ToListAsync(ct);
        Assert.Equal(2, rules.Count);
        Assert.All(rules, r => Assert.Equal(InventoryState.Skipped, r.State));
        Assert.Equal(2, details.Summary.ItemsSkipped);
        Assert.Equal(0, details.Summary.ItemsRemaining);
        await using var target = await TargetRulesAsync(dovecot);
        Assert.Empty(await target.ListAsync(ct));
    }

    [Fact]
    public async Task Moving_between_maildir_post_offices_carries_the_scripts_in_dovecots_layout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MoveCenterHost.StartAsync(_data, Small);
        await PutSourceScriptsAsync(host, Vacation, Filing);

        var moveId = await host.QueueAsync(User);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        await using var target = new MaildirRuleStore(_data.MailboxPath(DemoDirectorySeeder.TargetPostOffice, User));
        Assert.Equal([Filing, Vacation], Sorted(await target.ListAsync(ct)));
    }

    private static async Task AddDovecotPostOfficeAsync(MoveCenterHost host, DovecotServer dovecot, bool withSieve) =>
        await host.Services.GetRequiredService<AddPostOfficeHandler>().HandleAsync(
            new AddPostOfficeRequest(ImapPostOffice, DemoDirectorySeeder.Domain, "imap", Host: dovecot.Host, Port: dovecot.ImapPort,
                Security: "none", AdminUser: dovecot.MasterUser, AdminPassword: dovecot.MasterPassword,
                SievePort: withSieve ? dovecot.SievePort : null),
            "test", TestContext.Current.CancellationToken);

    private async Task PutSourceScriptsAsync(MoveCenterHost host, params SieveScript[] scripts)
    {
        var source = new MaildirMailStore(host.SourceRoot, NullLogger.Instance);
        await using var rules = (await source.OpenRulesAsync(User, TestContext.Current.CancellationToken))!;
        foreach (var script in scripts) await rules.PutAsync(script, TestContext.Current.CancellationToken);
    }

    private static async Task<IRuleStore> TargetRulesAsync(DovecotServer dovecot)
    {
        var store = new ImapMailStore(new ImapConnectionSettings(dovecot.Host, dovecot.ImapPort, ImapSecurity.None,
            dovecot.MasterUser, dovecot.MasterPassword, SievePort: dovecot.SievePort), NullLogger.Instance);
        return (await store.OpenRulesAsync(User, TestContext.Current.CancellationToken))!;
    }

    private static List<SieveScript> Sorted(IEnumerable<SieveScript> scripts) => scripts.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    public void Dispose() => _data.Dispose();
}
