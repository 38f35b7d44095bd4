using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Notifications;
using MoveCenter.Web.Components.Pages;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The Notifications page (/admin/notifications) over a real SQLite database.</summary>
public sealed class NotificationsPageTests : DatabasePageContext
{
    public NotificationsPageTests()
    {
        Services.AddDataProtection();
        Services.AddSingleton<FluentValidation.IValidator<SaveNotificationSettingsRequest>, SaveNotificationSettingsValidator>();
        Services.AddNotifications(new ConfigurationBuilder().Build(), EngineRole.Web);
    }

    [Fact]
    public void The_preview_shows_the_edited_text_with_sample_values_as_it_is_typed()
    {
        Render<MudPopoverProvider>();
        var page = Render<NotificationsPage>();
        var scheduled = "#kind-UserMoveScheduled";
        page.WaitForElement($"{scheduled} .kind-subject input");

        page.Find($"{scheduled} .kind-subject input").Input("Moving {DisplayName} ({UserId}) at {PlannedAt}");
        page.Find("#whom-to-call").Input("Ann at 555-0100");

        page.WaitForAssertion(() =>
            Assert.Equal("Moving Demo User A (UserA) at 2026-03-14 22:00 UTC", page.Find($"{scheduled} .preview-subject").TextContent.Trim()));
        Assert.Contains("Please call Ann at 555-0100.", page.Find("#kind-UserMoveFailed .preview-body").TextContent);
    }

    [Fact]
    public async Task Saving_names_the_wrong_field_on_the_page_and_once_corrected_stores_and_audits_the_change()
    {
        Render<MudPopoverProvider>();
        var page = Render<NotificationsPage>();
        var stalled = "#kind-AdminMoveStalled";
        page.WaitForElement($"{stalled} .kind-subject input");

        page.Find($"{stalled} .kind-subject input").Input("Stalled: {User}");
        page.Find("#notifications-save").Click();

        page.WaitForAssertion(() => Assert.Contains("subject uses {User}, which AdminMoveStalled does not know",
            page.Find($"{stalled} .kind-subject").TextContent));
        await using (var db = await DbAsync())
            Assert.False(await db.NotificationTemplates.AnyAsync(Ct));

        page.Find($"{stalled} .kind-subject input").Input("Stalled: {UserId}");
        page.Find("#notifications-save").Click();

        await Eventually.UntilAsync(async () =>
        {
            await using var db = await DbAsync();
            return await db.NotificationTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Kind == "AdminMoveStalled", Ct);
        }, t => t?.Subject == "Stalled: {UserId}", "the edited subject is stored");
        await using (var db = await DbAsync())
        {
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.NotificationSettingsEdit, Ct);
            Assert.Equal("admin", audit.Actor);
            Assert.Contains("AdminMoveStalled text edited", audit.Details);
        }
        page.WaitForAssertion(() => Assert.DoesNotContain("does not know", page.Markup));
    }
}
