using MoveCenter.Web.Hosting;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Tests.Hosting;

/// <summary>The console message of a start: the only place a generated admin password is ever shown.</summary>
public sealed class WelcomeTests
{
    [Fact]
    public void A_generated_password_comes_with_where_to_change_it()
    {
        var lines = StartupSetup.Welcome(["http://localhost:5000"], "/data", new BootstrapResult("admin", "Generated-Passw0rd9!", null));

        var signIn = Assert.Single(lines, l => l.Contains("Generated-Passw0rd9!"));
        Assert.Contains("user menu → Change my password, or /account/password", signIn);
    }
}
