using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.ApiKeys;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

public sealed class SignInAndRolesTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/moves")]
    [InlineData("/directory")]
    public async Task Pages_redirect_anonymous_users_to_the_sign_in_page(string page)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(page, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains($"ReturnUrl={Uri.EscapeDataString(page)}", response.Headers.Location.Query);
    }

    [Fact]
    public async Task The_sign_in_page_is_served_to_anonymous_users()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/account/login", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"password\"", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Signing_in_with_a_wrong_password_redirects_back_with_an_error()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, "not-the-password", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.OriginalString.Split('?')[0]);
        Assert.Contains("error=invalid", response.Headers.Location.OriginalString);
        Assert.Empty(SignInForm.SessionCookies(response));
        using var page = await client.GetAsync(response.Headers.Location, Ct);
        Assert.Contains("The user name or password is wrong.", await page.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Unknown_users_wrong_passwords_and_locked_accounts_get_the_same_answer()
    {
        const string lockedPassword = "Locked-Passw0rd!";
        await factory.Services.GetRequiredService<SignInAccounts>().CreateAsync(MoveCenterWebFactory.AdminUser, "locked-user", null, Roles.Helpdesk, lockedPassword);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync("locked-user"))!, DateTimeOffset.UtcNow.AddHours(1));
        }
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var unknown = await SignInForm.SignInAsync(client, "nobody-by-this-name", "not-the-password", Ct);
        using var wrong = await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, "not-the-password", Ct);
        using var locked = await SignInForm.SignInAsync(client, "locked-user", lockedPassword, Ct);

        Assert.All(new[] { unknown, wrong, locked }, response =>
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(unknown.Headers.Location, response.Headers.Location);
            Assert.Empty(SignInForm.SessionCookies(response));
        });
    }

    [Fact]
    public async Task Signing_in_with_the_admin_password_opens_the_move_status_page()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/moves", response.Headers.Location!.OriginalString);
        using var page = await client.GetAsync("/moves", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Move User Status", await page.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_helpdesk_api_key_can_read_moves_but_not_queue_them()
    {
        const string helpdeskKey = "mc_test_helpdesk_key_fedcba9876543210";
        await factory.AddHelpdeskKeyAsync("helpdesk", helpdeskKey);
        using var client = factory.CreateApiClient(helpdeskKey);
        var before = await client.GetFromJsonAsync<MoveCenter.Web.Api.MovesEndpoints.MoveListResource>("/api/moves", Json.Options, Ct);

        using var queue = await client.PostAsJsonAsync("/api/moves", new { userId = "UserA", targetPostOffice = "DestPO" }, Ct);
        using var list = await client.GetAsync("/api/moves", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, queue.StatusCode);
        Assert.Equal("application/problem+json", queue.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var after = await list.Content.ReadFromJsonAsync<MoveCenter.Web.Api.MovesEndpoints.MoveListResource>(Json.Options, Ct);
        Assert.Equal(before!.Total, after!.Total);
    }
}
