using Bunit;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.ApiKeys;
using MoveCenter.Web.Components.Pages;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The API keys page (/admin/keys) over a real SQLite database.</summary>
public sealed class ApiKeysPageTests : DatabasePageContext
{
    public ApiKeysPageTests()
    {
        Services.AddSingleton<IValidator<CreateApiKeyRequest>, CreateApiKeyValidator>();
        Services.AddSingleton<ListApiKeysHandler>();
        Services.AddSingleton<CreateApiKeyHandler>();
        Services.AddSingleton<RevokeApiKeyHandler>();
    }

    [Fact]
    public async Task A_new_key_is_shown_once_in_a_dialog_with_a_warning_and_then_listed_without_it()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ApiKeysPage>();

        page.Find("#new-key-name").Input("backup-script");
        page.Find("#new-key-submit").Click();

        var secret = "";
        dialogs.WaitForAssertion(() => secret = dialogs.Find("#new-key-secret").GetAttribute("value")!);
        Assert.StartsWith("mc_", secret);
        Assert.Contains("will not be shown again", dialogs.Find("#new-key-warning").TextContent);
        await using (var db = await DbAsync())
        {
            var stored = await db.ApiKeys.SingleAsync(k => k.Name == "backup-script", Ct);
            Assert.Equal(ApiKeySecrets.Hash(secret), stored.KeyHash);
            Assert.Equal("admin", stored.CreatedBy);
        }

        dialogs.Find("#new-key-done").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#new-key-secret")));
        page.WaitForAssertion(() => Assert.Contains("backup-script", page.Find(".api-keys").TextContent));
        Assert.DoesNotContain(secret, page.Markup + dialogs.Markup);
    }

    [Fact]
    public void Revoking_asks_first_and_then_marks_the_key_revoked()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ApiKeysPage>();
        page.Find("#new-key-name").Input("old-script");
        page.Find("#new-key-submit").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#new-key-done").Click());

        page.WaitForAssertion(() => page.Find("button[aria-label='Revoke the API key old-script']").Click());
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        page.WaitForAssertion(() => Assert.Equal("yes", page.Find(".api-keys tbody tr .key-revoked").TextContent.Trim()));
    }
}
