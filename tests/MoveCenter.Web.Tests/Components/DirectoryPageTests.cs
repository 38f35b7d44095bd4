using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.DataProtection;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Engine;
using MoveCenter.Connectors.Imap;
using MoveCenter.Domain.Directory;
using MoveCenter.Web.Components.Pages;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The Directory page over a real SQLite database.</summary>
public sealed class DirectoryPageTests : DatabasePageContext
{
    public DirectoryPageTests()
    {
        Services.AddMoveHandlers();
        Services.AddDataProtection();
        Services.AddSingleton<PostOfficeSecrets>();
        Services.AddSingleton<ImapConnectionPool>();
        Services.AddSingleton<IMailStoreFactory, MailStores>();
        Services.AddSingleton<ConnectionTests>();
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await DbAsync();
        var north = PostOffice.Maildir("NorthPO", "dom1", "/srv/mail/north");
        north.PinToSite("north");
        db.PostOffices.AddRange(north, PostOffice.Maildir("AnyPO", "dom1", "/srv/mail/any"));
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public void Each_post_office_shows_the_site_it_is_pinned_to_or_that_any_node_may_move_its_users()
    {
        var page = Render<DirectoryPage>();

        page.WaitForAssertion(() => Assert.Equal(["any", "north"], page.FindAll("#post-offices .post-office-site").Select(c => c.TextContent.Trim())));
    }
}
