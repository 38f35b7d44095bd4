using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Moves.Reports;
using MoveCenter.Domain.Inventory;
using MoveCenter.Web.Api;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>A host whose large item limit (40,000 bytes) leaves some demo messages with attachments behind.</summary>
public sealed class GradingWebFactory : MoveCenterWebFactory
{
    public GradingWebFactory() => MoreSettings = new Dictionary<string, string?> { ["MoveCenter:Engine:LargeItemLimit"] = "40000" };
}

/// <summary>The move report and approve-skipped through the API, for admins and the helpdesk, and the bad input they refuse.</summary>
public sealed class MoveReportApiTests(GradingWebFactory factory) : IClassFixture<GradingWebFactory>
{
    private const string HelpdeskKey = "mc_test_helpdesk_report_key_0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_Investigate_move_reports_its_categories_fixes_and_items_and_approve_skipped_completes_it_once()
    {
        using var client = factory.CreateApiClient();
        var id = await QueueAsync(client, "UserA", null);
        var waiting = await Eventually.UntilAsync(() => GetAsync(client, $"/api/moves/{id}"), m => Text(m, "status") == "Stalled", "the move waits");
        Assert.Equal(("Investigate", true, "Purge"), (Text(waiting, "grade"), waiting.GetProperty("awaitsApproval").GetBoolean(), Text(waiting, "phase")));
        var listed = await GetAsync(client, "/api/moves?user=UserA");
        Assert.Equal("Investigate", Text(listed.GetProperty("items")[0], "grade"));

        var report = (await client.GetFromJsonAsync<MoveReport>($"/api/moves/{id}/report?format=json", Json.Options, Ct))!;
        var tooLarge = Assert.Single(report.Categories);
        Assert.Equal((NotMovedCategory.TooLarge, report.NotMoved.Count), (tooLarge.Category, tooLarge.Count));
        Assert.StartsWith("too large for the limit of 39 KB: raise `MoveCenter:Engine:LargeItemLimit` to ", tooLarge.Fix);
        Assert.All(report.NotMoved, i => Assert.True(i.Size > 40_000));
        Assert.All(report.NotMoved, i => Assert.NotNull(i.Folder));
        Assert.Contains(report.NotMoved, i => i.Subject is not null);
        var csv = (await client.GetStringAsync($"/api/moves/{id}/report?format=csv", Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("moveId,userId,sourcePostOffice,targetPostOffice,status,grade,", csv[0]);
        Assert.Equal(report.NotMoved.Count + 1, csv.Length);
        Assert.All(csv.Skip(1), line => Assert.Contains(",Stalled,Investigate,", line));

        using var approve = await client.PostAsync($"/api/moves/{id}/approve-skipped", null, Ct);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var done = await Eventually.UntilAsync(() => GetAsync(client, $"/api/moves/{id}"), m => Text(m, "status") == "Completed", "the move completes");
        using var again = await client.PostAsync($"/api/moves/{id}/approve-skipped", null, Ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(done.GetProperty("history").GetArrayLength(), (await GetAsync(client, $"/api/moves/{id}")).GetProperty("history").GetArrayLength());
        await factory.WithDatabaseAsync(async db =>
            Assert.Contains(await db.AuditEntries.Where(e => e.Action == "move.approveSkipped").Select(e => e.Details).ToListAsync(Ct), d => d == "Stalled -> Queued"));
    }

    [Fact]
    public async Task The_helpdesk_reads_the_categories_and_fixes_but_no_subject_folder_or_server_words_and_may_not_approve()
    {
        using var admin = factory.CreateApiClient();
        await factory.AddHelpdeskKeyAsync("helpdesk-report", HelpdeskKey);
        using var helpdesk = factory.CreateApiClient(HelpdeskKey);
        var id = await QueueAsync(admin, "UserB", null);
        await Eventually.UntilAsync(() => GetAsync(admin, $"/api/moves/{id}"), m => Text(m, "status") == "Stalled", "the move waits");
        var subjects = (await admin.GetFromJsonAsync<MoveReport>($"/api/moves/{id}/report", Json.Options, Ct))!.NotMoved
            .Select(i => i.Subject).OfType<string>().ToList();
        Assert.NotEmpty(subjects);

        var json = await helpdesk.GetStringAsync($"/api/moves/{id}/report?format=json", Ct);
        var csv = await helpdesk.GetStringAsync($"/api/moves/{id}/report?format=csv", Ct);
        using var approve = await helpdesk.PostAsync($"/api/moves/{id}/approve-skipped", null, Ct);

        var report = JsonSerializer.Deserialize<MoveReport>(json, Json.Options)!;
        Assert.NotEmpty(report.NotMoved);
        Assert.All(report.NotMoved, i => Assert.Equal((null, null, null), (i.Subject, i.Folder, i.ServerWords)));
        Assert.StartsWith("too large for the limit", Assert.Single(report.Categories).Fix);
        Assert.All(subjects, s => Assert.DoesNotContain(s, json));
        Assert.All(subjects, s => Assert.DoesNotContain(s, csv));
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
    }

    [Fact]
    public async Task Approving_a_move_that_waits_for_no_approval_is_refused_with_a_reason_and_changes_nothing()
    {
        using var client = factory.CreateApiClient();
        var id = await QueueAsync(client, "UserC", DateTime.UtcNow.AddDays(1));
        var before = await GetAsync(client, $"/api/moves/{id}");

        using var response = await client.PostAsync($"/api/moves/{id}/approve-skipped", null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.StartsWith("The move of UserC is not waiting for approval of skipped items: it is Queued in Preflight.", problem!.Detail);
        var after = await GetAsync(client, $"/api/moves/{id}");
        Assert.Equal((Text(before, "status"), before.GetProperty("history").GetArrayLength()), (Text(after, "status"), after.GetProperty("history").GetArrayLength()));
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("pdf")]
    public async Task A_report_in_an_unknown_format_is_refused_naming_the_field(string format)
    {
        using var client = factory.CreateApiClient();

        // The format is looked at first: a script learns its mistake whichever move it asked about.
        using var response = await client.GetAsync($"/api/moves/{Guid.NewGuid()}/report?format={format}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct))!;
        Assert.Equal(["format"], problem.Errors.Keys);
    }

    private static async Task<Guid> QueueAsync(HttpClient client, string userId, DateTime? startAt)
    {
        using var response = await client.PostAsJsonAsync("/api/moves", new { userId, targetPostOffice = "DestPO", startAt }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(path, Json.Options, Ct);

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
