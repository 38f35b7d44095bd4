using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Directory;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Support;

/// <summary>Test Dovecots as post offices of a host, their users in its directory, and mail put in through the product's connector.</summary>
public static class ImapPostOffices
{
    public static Task AddImapPostOfficeAsync(MoveCenterHost host, string name, DovecotServer server, string? adminPassword = null) =>
        host.Services.GetRequiredService<AddPostOfficeHandler>().HandleAsync(
            new AddPostOfficeRequest(name, DemoDirectorySeeder.Domain, "imap", Host: server.Host, Port: server.ImapPort, Security: "none",
                AdminUser: server.MasterUser, AdminPassword: adminPassword ?? server.MasterPassword),
            "test", TestContext.Current.CancellationToken);

    public static Task AddUserAsync(MoveCenterHost host, string user, string postOffice) =>
        host.Services.GetRequiredService<AddDirectoryUserHandler>().HandleAsync(
            new AddDirectoryUserRequest(user, postOffice, $"Test {user}", null), "test", TestContext.Current.CancellationToken);

    public static Task<IMailboxSession> OpenAsync(DovecotServer server, string user) =>
        new ImapMailStore(new ImapConnectionSettings(server.Host, server.ImapPort, ImapSecurity.None, server.MasterUser, server.MasterPassword),
            NullLogger.Instance).OpenMailboxAsync(user, TestContext.Current.CancellationToken);

    public static async Task AppendAllAsync(IMailboxSession mailbox, FolderPath folder, IReadOnlyList<OutgoingMessage> messages)
    {
        var outcomes = await mailbox.AppendAsync(folder, messages, TestContext.Current.CancellationToken);
        Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
    }
}
