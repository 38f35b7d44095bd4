using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Audit;
using MoveCenter.Persistence;
using MoveCenter.Web.Components;
using MoveCenter.Web.Components.Pages;
using MoveCenter.Web.Hosting;
using MoveCenter.Web.Security;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The sign-in users page (/admin/users) over the real Identity stores in a SQLite database.</summary>
public sealed class UsersPageTests : MudTestContext, IAsyncLifetime
{
    private const string Password = "Helpdesk-Passw0rd!";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "movecenter-page-tests", Guid.NewGuid().ToString("N"));
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    public UsersPageTests()
    {
        Services.AddMoveCenterPersistence(DatabaseSettings.Sqlite(Path.Combine(_folder, "movecenter.db")));
        Services.AddLogging();
        Services.AddDataProtection();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<AuditTrail>();
        Services.AddSignInUsers();
        _auth = AddAuthorization();
    }

    private SignInAccounts Accounts => Services.GetRequiredService<SignInAccounts>();

    public async ValueTask InitializeAsync()
    {
        await using (var db = await Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(Ct))
            await db.MigrateMoveCenterDatabaseAsync(Ct);
        await using (var scope = Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
        }
        await Accounts.CreateAsync("test-admin", "admin", "The Admin", Roles.Admin, "Admin-Passw0rd!!");
        await Accounts.CreateAsync("test-admin", "helper", "Help Desk", Roles.Helpdesk, Password);
    }

    [Fact]
    public void The_page_lists_every_sign_in_user_with_their_role()
    {
        var (page, _, _) = RenderAsAdmin();

        Assert.Equal([("admin", "Admin"), ("helper", "Helpdesk")], Rows(page));
        Assert.Contains("Help Desk", page.Find(".sign-in-users").TextContent);
    }

    [Fact]
    public async Task Adding_a_user_lists_them_with_the_chosen_role_and_the_password_signs_in()
    {
        var (page, popovers, snackbar) = RenderAsAdmin();

        page.Find("#new-user-name").Input("night-admin");
        page.Find("#new-user-display").Change("Night Admin");
        Choose(page.FindComponents<MudSelect<string>>()[0], popovers, Roles.Admin);
        page.Find("#new-user-password").Input("Night-Shift-Passw0rd!");
        page.Find("#new-user-submit").Click();

        page.WaitForAssertion(() => Assert.Contains(("night-admin", "Admin"), Rows(page)));
        snackbar.WaitForAssertion(() => Assert.Contains("night-admin can now sign in as Admin", snackbar.Markup));
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var created = (await users.FindByNameAsync("night-admin"))!;
        Assert.True(await users.CheckPasswordAsync(created, "Night-Shift-Passw0rd!"));
        Assert.Equal([Roles.Admin], await users.GetRolesAsync(created));
        var recorded = await scope.ServiceProvider.GetRequiredService<MoveCenterDbContext>().AuditEntries
            .SingleAsync(e => e.Action == AuditActions.SignInAccountCreate && e.Target == "night-admin", Ct);
        Assert.Equal("admin", recorded.Actor);
    }

    [Fact]
    public async Task A_password_identity_refuses_is_shown_and_adds_nobody()
    {
        var (page, _, snackbar) = RenderAsAdmin();

        page.Find("#new-user-name").Input("careless");
        page.Find("#new-user-password").Input("short1!");
        page.Find("#new-user-submit").Click();

        snackbar.WaitForAssertion(() => Assert.Contains("at least 12 characters", snackbar.Markup));
        Assert.DoesNotContain(Rows(page), r => r.User == "careless");
        Assert.DoesNotContain(await Accounts.ListAsync(Ct), a => a.UserName == "careless");
    }

    [Fact]
    public async Task Changing_a_role_in_the_table_changes_it_in_the_store()
    {
        var (page, popovers, snackbar) = RenderAsAdmin();
        var roleSelects = page.FindComponents<MudSelect<string>>();

        Choose(roleSelects.Single(s => s.Find("[role=combobox]").GetAttribute("aria-label") == "Role of helper"), popovers, Roles.Admin);

        snackbar.WaitForAssertion(() => Assert.Contains("helper is now Admin", snackbar.Markup));
        page.WaitForAssertion(() => Assert.Contains(("helper", "Admin"), Rows(page)));
        Assert.Equal(Roles.Admin, (await Accounts.ListAsync(Ct)).Single(a => a.UserName == "helper").Role);
    }

    [Fact]
    public async Task Disabling_asks_first_and_only_a_confirmed_disable_shows_the_account_as_disabled()
    {
        var (page, _, snackbar) = RenderAsAdmin();

        page.Find("[aria-label='Disable helper']").Click();
        Answer("Cancel");
        Assert.Equal("", StatusOf(page, "helper"));
        Assert.False((await Accounts.ListAsync(Ct)).Single(a => a.UserName == "helper").Disabled);
        page.Find("[aria-label='Disable helper']").Click();
        Answer("Disable");

        page.WaitForAssertion(() => Assert.Equal("Disabled", StatusOf(page, "helper")));
        snackbar.WaitForAssertion(() => Assert.Contains("helper is disabled and signed out.", snackbar.Markup));
        Assert.True((await Accounts.ListAsync(Ct)).Single(a => a.UserName == "helper").Disabled);
        page.Find("[aria-label='Enable helper']").Click();
        page.WaitForAssertion(() => Assert.Equal("", StatusOf(page, "helper")));
        Assert.False((await Accounts.ListAsync(Ct)).Single(a => a.UserName == "helper").Disabled);
    }

    [Fact]
    public async Task Deleting_asks_first_and_a_confirmed_delete_removes_the_row()
    {
        var (page, _, snackbar) = RenderAsAdmin();

        page.Find("[aria-label='Delete helper']").Click();
        Answer("Delete");

        page.WaitForAssertion(() => Assert.DoesNotContain(Rows(page), r => r.User == "helper"));
        snackbar.WaitForAssertion(() => Assert.Contains("helper was deleted.", snackbar.Markup));
        Assert.DoesNotContain(await Accounts.ListAsync(Ct), a => a.UserName == "helper");
    }

    [Fact]
    public async Task Disabling_yourself_is_refused_in_plain_words()
    {
        var (page, _, snackbar) = RenderAsAdmin();

        page.Find("[aria-label='Disable admin']").Click();
        Answer("Disable");

        snackbar.WaitForAssertion(() => Assert.Contains("You cannot disable your own account; another admin can.", snackbar.Markup));
        Assert.Equal("", StatusOf(page, "admin"));
        Assert.False((await Accounts.ListAsync(Ct)).Single(a => a.UserName == "admin").Disabled);
    }

    [Fact]
    public async Task A_locked_account_shows_until_when_and_can_be_unlocked()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync("helper"))!, new DateTimeOffset(2999, 1, 1, 14, 5, 0, TimeSpan.Zero));
        }
        var (page, _, _) = RenderAsAdmin();
        Assert.Equal("Locked until 14:05 UTC", StatusOf(page, "helper"));

        page.Find("[aria-label='Unlock helper']").Click();

        page.WaitForAssertion(() => Assert.Equal("", StatusOf(page, "helper")));
        Assert.Null((await Accounts.ListAsync(Ct)).Single(a => a.UserName == "helper").LockedUntil);
    }

    [Fact]
    public void A_helpdesk_member_who_opens_the_page_is_refused_and_sees_no_user()
    {
        _auth.SetAuthorized("helper").SetRoles(Roles.Helpdesk).SetPolicies(Policies.ReadMoves);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/users");

        var app = RenderOverCircuit<Routes>();

        app.WaitForAssertion(() => Assert.Contains("You are not allowed to see this page.", app.Markup));
        Assert.Empty(app.FindAll(".sign-in-users"));
        Assert.DoesNotContain("Help Desk", app.Markup);
        Assert.DoesNotContain(app.FindAll("a"), a => a.GetAttribute("href") == "/admin/users");
    }

    [Fact]
    public void An_admin_who_opens_the_page_through_the_router_gets_it()
    {
        _auth.SetAuthorized("admin").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/users");

        var app = RenderOverCircuit<Routes>();

        app.WaitForAssertion(() => Assert.Single(app.FindAll(".sign-in-users")));
        Assert.DoesNotContain("You are not allowed to see this page.", app.Markup);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private (IRenderedComponent<UsersPage> Page, IRenderedComponent<MudPopoverProvider> Popovers, IRenderedComponent<MudSnackbarProvider> Snackbar) RenderAsAdmin()
    {
        _auth.SetAuthorized("admin").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        var popovers = RenderPopoverProvider();
        var snackbar = Render<MudSnackbarProvider>();
        _dialogs = Render<MudDialogProvider>();
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(Rows(page)));
        return (page, popovers, snackbar);
    }

    /// <summary>Clicks a button of the open confirmation.</summary>
    private void Answer(string button) =>
        _dialogs.WaitForAssertion(() => _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == button).Click());

    private static string StatusOf(IRenderedComponent<UsersPage> page, string user) =>
        page.FindAll(".sign-in-users tbody tr").Single(r => r.QuerySelector(".account-name")!.TextContent.Trim() == user)
            .QuerySelector(".account-status")!.TextContent.Trim();

    private static List<(string User, string Role)> Rows(IRenderedComponent<UsersPage> page) =>
        page.FindAll(".sign-in-users tbody tr")
            .Select(r => (r.QuerySelector(".account-name")!.TextContent.Trim(), r.QuerySelector(".account-role [role=combobox]")!.TextContent.Trim()))
            .ToList();
}
