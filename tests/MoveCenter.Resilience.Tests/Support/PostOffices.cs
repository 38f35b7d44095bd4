using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Demo;
using MoveCenter.Connectors.Imap;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Resilience.Tests.Support;

/// <summary>
/// The two post offices of a test move with one user whose mailbox is generated on the source: nested and
/// non-ASCII folders, flags, keywords, dates over years, sizes from a few KB to megabytes. The test reads both
/// sides on its own, never through MoveCenter.
/// </summary>
public interface IPostOffices : IAsyncDisposable
{
    public const string SourceName = "SourcePO";
    public const string TargetName = "DestPO";
    public const string User = "mover";

    /// <summary>Adds both post offices and the user through the API of a running node.</summary>
    Task RegisterAsync(MoveCenterApi api);

    Task<MailboxSnapshot> SourceMailAsync();

    Task<MailboxSnapshot> TargetMailAsync();

    /// <summary>Message files or messages the target holds, counted without the connector, to catch a copy it would fold into one.</summary>
    Task<int> TargetMessageCountAsync();
}

/// <summary>
/// Two Maildir post offices in a folder of the test, with one user, or several for tests that run moves side by side;
/// more targets can be added, each a folder beside them.
/// </summary>
public sealed class MaildirPostOffices : IPostOffices
{
    private readonly string _folder;
    private readonly string _sourceRoot;
    private readonly string _targetRoot;

    private MaildirPostOffices(string folder, IReadOnlyList<string> users)
    {
        _folder = folder;
        _sourceRoot = Root(IPostOffices.SourceName);
        _targetRoot = Root(IPostOffices.TargetName);
        Users = users;
        Directory.CreateDirectory(_sourceRoot);
        Directory.CreateDirectory(_targetRoot);
    }

    public IReadOnlyList<string> Users { get; }

    /// <param name="users">Each gets the same generated mailbox; <see cref="IPostOffices.User"/> alone when none are named.</param>
    public static async Task<MaildirPostOffices> CreateAsync(string folder, DemoMailboxSpec mailbox, IReadOnlyList<string>? users = null)
    {
        var postOffices = new MaildirPostOffices(folder, users ?? [IPostOffices.User]);
        var store = new MaildirMailStore(postOffices._sourceRoot, NullLogger.Instance);
        foreach (var user in postOffices.Users)
        {
            await using var session = await store.OpenMailboxAsync(user, TestContext.Current.CancellationToken);
            await new DemoMailboxGenerator().GenerateAsync(session, mailbox, TestContext.Current.CancellationToken);
        }
        return postOffices;
    }

    public async Task RegisterAsync(MoveCenterApi api)
    {
        await api.AddMaildirPostOfficeAsync(IPostOffices.SourceName, _sourceRoot);
        await api.AddMaildirPostOfficeAsync(IPostOffices.TargetName, _targetRoot);
        foreach (var user in Users) await api.AddUserAsync(user, IPostOffices.SourceName);
    }

    /// <summary>Adds one more empty post office, named <paramref name="name"/>, to move users to.</summary>
    /// <param name="site">Pins it to the nodes of that site; none when null.</param>
    public async Task AddTargetAsync(MoveCenterApi api, string name, string? site)
    {
        Directory.CreateDirectory(Root(name));
        await api.AddMaildirPostOfficeAsync(name, Root(name), site);
    }

    public Task<MailboxSnapshot> SourceMailAsync() => SourceMailAsync(IPostOffices.User);

    public Task<MailboxSnapshot> TargetMailAsync() => TargetMailAsync(IPostOffices.User);

    public Task<int> TargetMessageCountAsync() => TargetMessageCountAsync(IPostOffices.User);

    public Task<MailboxSnapshot> SourceMailAsync(string user) => SnapshotAsync(_sourceRoot, user);

    public Task<MailboxSnapshot> TargetMailAsync(string user) => SnapshotAsync(_targetRoot, user);

    public Task<int> TargetMessageCountAsync(string user) => TargetMessageCountAsync(user, IPostOffices.TargetName);

    /// <summary>The user's mail at a target added by <see cref="AddTargetAsync"/> (or the first one).</summary>
    public Task<MailboxSnapshot> TargetMailAsync(string user, string postOffice) => SnapshotAsync(Root(postOffice), user);

    public Task<int> TargetMessageCountAsync(string user, string postOffice) =>
        Task.FromResult(MailboxSnapshot.CountFilesOnDisk(Path.Combine(Root(postOffice), user)).Values.Sum());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Root(string postOffice) => Path.Combine(_folder, postOffice);

    /// <summary>A purged (or never created) mailbox reads as empty.</summary>
    private static Task<MailboxSnapshot> SnapshotAsync(string root, string user) =>
        Directory.Exists(Path.Combine(root, user))
            ? MailboxSnapshot.TakeAsync(root, user)
            : Task.FromResult(new MailboxSnapshot([], [], []));
}

/// <summary>
/// Two private Dovecots as IMAP post offices. MoveCenter may be made to reach them through loopback proxies, so a
/// test can refuse or cut its connections; the test itself always reads the servers directly.
/// </summary>
public sealed class DovecotPostOffices : IPostOffices
{
    private const string UserPassword = "user-secret";

    private DovecotPostOffices(DovecotServer source, DovecotServer target, LoopbackProxy? sourceProxy, LoopbackProxy? targetProxy)
    {
        Source = source;
        Target = target;
        SourceProxy = sourceProxy;
        TargetProxy = targetProxy;
    }

    public DovecotServer Source { get; }

    public DovecotServer Target { get; }

    public LoopbackProxy? SourceProxy { get; }

    public LoopbackProxy? TargetProxy { get; }

    public static async Task<DovecotPostOffices> StartAsync(DemoMailboxSpec mailbox, bool proxySource = false, bool proxyTarget = false)
    {
        DovecotServer? source = null, target = null;
        try
        {
            source = await DovecotServer.StartAsync("src");
            target = await DovecotServer.StartAsync("dst");
            var postOffices = new DovecotPostOffices(source, target,
                proxySource ? LoopbackProxy.Start(source.Host, source.ImapPort) : null,
                proxyTarget ? LoopbackProxy.Start(target.Host, target.ImapPort) : null);
            await source.AddUserAsync(IPostOffices.User, UserPassword);
            await target.AddUserAsync(IPostOffices.User, UserPassword);
            await FillAsync(source, mailbox);
            return postOffices;
        }
        catch
        {
            if (source is not null) await source.DisposeAsync();
            if (target is not null) await target.DisposeAsync();
            throw;
        }
    }

    public async Task RegisterAsync(MoveCenterApi api)
    {
        await api.AddImapPostOfficeAsync(IPostOffices.SourceName, Source.Host, SourceProxy?.Port ?? Source.ImapPort, Source.MasterUser, Source.MasterPassword);
        await api.AddImapPostOfficeAsync(IPostOffices.TargetName, Target.Host, TargetProxy?.Port ?? Target.ImapPort, Target.MasterUser, Target.MasterPassword);
        await api.AddUserAsync(IPostOffices.User, IPostOffices.SourceName);
    }

    public Task<MailboxSnapshot> SourceMailAsync() => ImapMailboxReader.SnapshotAsync(Source, IPostOffices.User);

    public Task<MailboxSnapshot> TargetMailAsync() => ImapMailboxReader.SnapshotAsync(Target, IPostOffices.User);

    public async Task<int> TargetMessageCountAsync() => (await ImapMailboxReader.IdentitiesAsync(Target, IPostOffices.User)).Count;

    public async ValueTask DisposeAsync()
    {
        if (SourceProxy is not null) await SourceProxy.DisposeAsync();
        if (TargetProxy is not null) await TargetProxy.DisposeAsync();
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }

    /// <summary>Fills the source through the product's IMAP connector, straight to the server.</summary>
    private static async Task FillAsync(DovecotServer server, DemoMailboxSpec mailbox)
    {
        var store = new ImapMailStore(
            new ImapConnectionSettings(server.Host, server.ImapPort, ImapSecurity.None, server.MasterUser, server.MasterPassword), NullLogger.Instance);
        await using var session = await store.OpenMailboxAsync(IPostOffices.User, TestContext.Current.CancellationToken);
        await new DemoMailboxGenerator().GenerateAsync(session, mailbox, TestContext.Current.CancellationToken);
    }
}
