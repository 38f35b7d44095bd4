using Bunit;
using MoveCenter.Web.Components.Layout;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The user menu in the app bar: one click from the signed-in name to changing the password or signing out.</summary>
public sealed class UserMenuTests : MudTestContext
{
    [Fact]
    public void The_name_opens_a_menu_with_change_my_password_and_sign_out()
    {
        var popovers = RenderPopoverProvider();
        var menu = Render<UserMenu>(parameters => parameters.Add(m => m.UserName, "night-admin"));

        menu.Find("button").Click();

        popovers.WaitForAssertion(() => Assert.Equal("/account/password", popovers.Find("a.change-password").GetAttribute("href")));
        Assert.Contains("Change my password", popovers.Find("a.change-password").TextContent);
        Assert.Equal("/account/logout", popovers.Find("form:has(button.sign-out)").GetAttribute("action"));
        Assert.Contains("night-admin", menu.Markup);
    }
}
