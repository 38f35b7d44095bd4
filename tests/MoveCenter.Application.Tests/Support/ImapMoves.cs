using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Demo;
using MoveCenter.Connectors.Imap;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Support;

/// <summary>A MoveCenter host with IMAP post offices on real test servers, and mailboxes filled through the product's connector.</summary>
internal static class ImapMoves
{
    public static Task<MoveCenterHost> StartHostAsync(TestDataFolder data, bool demo, Action<IServiceCollection>? decorate = null) =>
        MoveCenterHost.StartAsync(data, new HostSettings
        {
            Demo = demo,
            Users = 2,
            MessagesPerUser = 150,
            LargeAttachments = true,
            BlockSize = 100,
            Configuration = new Dictionary<string, string?>
            {
                // Seconds instead of the production 15 minutes; enough tries that a restarted server is found in time.
                ["MoveCenter:Engine:Retry:NoServerInterval"] = "00:00:01",
                ["MoveCenter:Engine:Retry:NoServerTries"] = "1000",
                ["MoveCenter:Engine:Retry:TryLaterInterval"] = "00:00:01",
            },
        }, decorate);

    /// <param name="port">Where the node connects instead of the server's own port (a <see cref="LoopbackProxy"/> in front of it).</param>
    public static Task AddImapPostOfficeAsync(MoveCenterHost host, string name, ITestImapServer server, string? adminPassword = null, int? port = null) =>
        host.Services.GetRequiredService<AddPostOfficeHandler>().HandleAsync(
            new AddPostOfficeRequest(name, DemoDirectorySeeder.Domain, "imap", Host: server.Host, Port: port ?? server.ImapPort, Security: "none",
                AdminUser: server.MasterUser, AdminPassword: adminPassword ?? server.MasterPassword),
            "test", TestContext.Current.CancellationToken);

    public static Task AddUserAsync(MoveCenterHost host, string user, string postOffice) =>
        host.Services.GetRequiredService<AddDirectoryUserHandler>().HandleAsync(
            new AddDirectoryUserRequest(user, postOffice, $"Test {user}", null), "test", TestContext.Current.CancellationToken);

    /// <summary>Fills a mailbox through the product's IMAP connector: demo mail, then whatever <paramref name="more"/> appends.</summary>
    public static async Task FillAsync(ITestImapServer server, string user, DemoMailboxSpec spec, Func<IMailboxSession, Task>? more = null)
    {
        await using var mailbox = await OpenAsync(server, user);
        await new DemoMailboxGenerator().GenerateAsync(mailbox, spec, TestContext.Current.CancellationToken);
        if (more is not null) await more(mailbox);
    }

    public static Task<IMailboxSession> OpenAsync(ITestImapServer server, string user) =>
        new ImapMailStore(new ImapConnectionSettings(server.Host, server.ImapPort, ImapSecurity.None, server.MasterUser, server.MasterPassword),
            NullLogger.Instance).OpenMailboxAsync(user, TestContext.Current.CancellationToken);

    /// <summary>Retry on a synced copy-first move runs its incremental sync now instead of at its next time.</summary>
    public static async Task<MoveDetails> SyncNowAsync(MoveCenterHost host, Guid moveId)
    {
        await host.Services.GetRequiredService<RetryMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, TestContext.Current.CancellationToken);
        return await host.WaitForAsync(moveId, m => m.Status == MoveStatus.Synced, "synced again");
    }

    public static async Task AppendAllAsync(IMailboxSession mailbox, FolderPath folder, IReadOnlyList<OutgoingMessage> messages)
    {
        var outcomes = await mailbox.AppendAsync(folder, messages, TestContext.Current.CancellationToken);
        Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
    }
}
