using Bunit;
using MoveCenter.Web.Components.Account;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The nudge on the Move User Status page for an admin still using the password printed at the first start.</summary>
public sealed class GeneratedPasswordNoticeTests : MudTestContext
{
    [Fact]
    public void An_admin_with_the_generated_password_is_asked_to_change_it()
    {
        AddAuthorization().SetAuthorized("admin").SetClaims(BootstrapAccounts.GeneratedPassword);

        var notice = Render<GeneratedPasswordNotice>();

        Assert.Contains("password generated at the first start", notice.Find(".generated-password-notice").TextContent);
        Assert.Equal("/account/password", notice.Find(".generated-password-notice a").GetAttribute("href"));
    }

    [Fact]
    public void Someone_with_a_password_of_their_own_sees_nothing()
    {
        AddAuthorization().SetAuthorized("admin");

        var notice = Render<GeneratedPasswordNotice>();

        Assert.Empty(notice.FindAll(".generated-password-notice"));
    }
}
