using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Batches;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Api;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Batches through the API. Each test owns its demo users, so the order the tests run in does not matter.</summary>
public sealed class BatchesApiTests(BatchesWebFactory factory) : IClassFixture<BatchesWebFactory>
{
    private const string HelpdeskKey = "mc_test_helpdesk_batches_key_0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_csv_batch_rejects_bad_rows_by_file_row_number_and_runs_the_good_ones_to_Completed()
    {
        using var client = factory.CreateApiClient();
        const string file = """
            userId,targetPostOffice,priority,startAt,mode
            UserA,DestPO,,,
            NoSuchUser,DestPO,,,
            UserB,NoSuchPO,,,
            UserC,SourcePO,,,
            UserA,DestPO,,,
            UserD,DestPO,high,,
            ,DestPO,,,
            UserH,DestPO,,next tuesday,LiftAndShift
            UserF,DestPO,5,,SwitchFirst
            """;

        using var response = await PostCsvAsync(client, file, "name=Night%201");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!;
        Assert.Equal($"/api/batches/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(2, created.Accepted);
        Assert.Equal([2, 10], created.AcceptedRows.Select(r => r.Row));
        var rejected = created.Rejected.ToDictionary(r => r.Row);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], rejected.Keys.Order());
        Assert.Contains("There is no user 'NoSuchUser'", Assert.Single(rejected[3].Errors));
        Assert.Contains("no post office named 'NoSuchPO'", Assert.Single(rejected[4].Errors));
        Assert.Contains("already lives on SourcePO", Assert.Single(rejected[5].Errors));
        Assert.Contains("in row 2 already", Assert.Single(rejected[6].Errors));
        Assert.Contains("priority 'high' is not a whole number", Assert.Single(rejected[7].Errors));
        Assert.Contains("(userId)", Assert.Single(rejected[8].Errors));
        Assert.Null(rejected[8].UserId);
        Assert.Equal(2, rejected[9].Errors.Count);
        Assert.Contains(rejected[9].Errors, e => e.Contains("startAt 'next tuesday'"));
        Assert.Contains(rejected[9].Errors, e => e.Contains("mode 'LiftAndShift' is not a mode"));
        Assert.Equal(2, created.Forecast.Moves);

        var batch = await Eventually.UntilAsync(() => GetBatchAsync(client, created.Id!.Value), b => b.Status is "Completed" or "Finished",
            "the batch's moves finish");
        Assert.Equal("Completed", batch.Status);
        Assert.Equal(2, batch.Counts[MoveStatus.Completed]);
        Assert.Equal(["UserA", "UserF"], batch.Moves.Select(m => m.UserId));
        Assert.True(batch.BytesTotal > 0);
        Assert.Equal(batch.BytesTotal, batch.BytesMoved);
        var userF = await client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{batch.Moves[1].Id}", Json.Options, Ct);
        Assert.Equal(5, userF!.Priority);
        Assert.Equal(created.Id, userF.BatchId);
        using (var next = await PostCsvAsync(client, "userId,targetPostOffice\nUserD,DestPO\n", "name=Next&dryRun=true"))
        {
            var forecast = (await next.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!.Forecast;
            var pair = Assert.Single(forecast.Pairs);
            Assert.True(pair.PilotMoves >= 2 && pair.BytesPerSecond > 0 && forecast.EstimatedSeconds > 0 && forecast.EstimatedBytes > 0);
            Assert.Contains("finished moves from SourcePO to DestPO", forecast.Summary);
            Assert.Contains("not inventoried yet counted at", forecast.Summary);
        }
        var audit = await client.GetFromJsonAsync<JsonElement>("/api/audit?action=batch.create", Json.Options, Ct);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("target").GetString()!.Contains(created.Id.ToString()!)
            && e.GetProperty("details").GetString()!.StartsWith("2 moves queued, 7 rows rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_checks_and_forecasts_but_creates_nothing()
    {
        using var client = factory.CreateApiClient();
        using (var scheduled = await client.PostAsJsonAsync("/api/moves",
            new { userId = "UserG", targetPostOffice = "DestPO", startAt = DateTime.UtcNow.AddDays(30) }, Ct))
            Assert.Equal(HttpStatusCode.Accepted, scheduled.StatusCode);
        using (var postOffice = await client.PostAsJsonAsync("/api/post-offices",
            new { name = "NightPO", domain = "dom1", kind = "imap", host = "imap.night.example", adminUser = "master", adminPassword = "Night-Master-Secret" }, Ct))
            Assert.Equal(HttpStatusCode.Created, postOffice.StatusCode);
        var (movesBefore, batchesBefore) = await CountAsync();

        using var response = await PostCsvAsync(client, "userId,targetPostOffice\nUserD,NightPO\nUserG,DestPO\n", "name=Preview&dryRun=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!;
        Assert.Null(preview.Id);
        Assert.Equal(1, preview.Accepted);
        Assert.Equal("UserD", Assert.Single(preview.AcceptedRows).UserId);
        var busy = Assert.Single(preview.Rejected);
        Assert.Equal((3, "UserG"), (busy.Row, busy.UserId));
        Assert.Contains("already has a move in progress", Assert.Single(busy.Errors));
        Assert.Equal((1, null), (preview.Forecast.Moves, preview.Forecast.EstimatedSeconds));
        Assert.Contains("No finished move between SourcePO and NightPO yet", preview.Forecast.Summary);
        Assert.Equal((movesBefore, batchesBefore), await CountAsync());
    }

    [Fact]
    public async Task Bulk_retry_failed_and_cancel_act_only_on_the_moves_they_fit()
    {
        using var client = factory.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/batches", new
        {
            name = "Pilot",
            moves = new object[] { new { userId = "UserB", targetPostOffice = "DestPO" }, new { userId = "UserL", targetPostOffice = "DestPO", priority = 2 } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!.Id!.Value;
        var settled = await Eventually.UntilAsync(() => GetBatchAsync(client, id), b => b.Counts[MoveStatus.Completed] == 1 && b.Counts[MoveStatus.Stalled] == 1,
            "UserB completes and UserL stalls");
        var completed = settled.Moves.Single(m => m.UserId == "UserB").Id;
        var stalled = settled.Moves.Single(m => m.UserId == "UserL").Id;
        var completedHistory = (await GetMoveAsync(client, completed)).History.Count;

        using (var retry = await client.PostAsync($"/api/batches/{id}/retry-failed", null, Ct))
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await Eventually.UntilAsync(() => GetMoveAsync(client, stalled),
            m => m.Status == "Stalled" && m.History.Any(h => h.Kind == "AdminAction" && h.Actor == "api-key:bootstrap"), "UserL is retried and stalls again");
        using var cancel = await client.PostAsync($"/api/batches/{id}/cancel", null, Ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var batch = (await cancel.Content.ReadFromJsonAsync<BatchView>(Json.Options, Ct))!;
        Assert.Equal(("Finished", 1, 1), (batch.Status, batch.Counts[MoveStatus.Completed], batch.Counts[MoveStatus.Cancelled]));
        Assert.Equal("Cancelled", (await GetMoveAsync(client, stalled)).Status);
        var untouched = await GetMoveAsync(client, completed);
        Assert.Equal(("Completed", completedHistory), (untouched.Status, untouched.History.Count));
        var audit = await client.GetFromJsonAsync<JsonElement>($"/api/audit?take=200", Json.Options, Ct);
        var batchEntries = audit.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString()!.Contains(id.ToString()))
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("details").GetString())).ToList();
        Assert.Contains(("batch.retryFailed", "1 move of 2 reached"), batchEntries);
        Assert.Contains(("batch.cancel", "1 move of 2 reached"), batchEntries);
    }

    [Fact]
    public async Task Bulk_suspend_and_resume_hold_and_release_every_waiting_move_and_keep_the_batch_start_time()
    {
        using var client = factory.CreateApiClient();
        var startAt = DateTime.UtcNow.AddDays(1);
        using var response = await client.PostAsJsonAsync("/api/batches", new
        {
            name = "Tomorrow",
            startAt,
            moves = new[] { new { userId = "UserI", targetPostOffice = "DestPO" }, new { userId = "UserJ", targetPostOffice = "DestPO" } },
        }, Ct);
        var id = (await response.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!.Id!.Value;

        using var suspend = await client.PostAsync($"/api/batches/{id}/suspend", null, Ct);
        var suspended = (await suspend.Content.ReadFromJsonAsync<BatchView>(Json.Options, Ct))!;
        using var resume = await client.PostAsync($"/api/batches/{id}/resume", null, Ct);
        var resumed = (await resume.Content.ReadFromJsonAsync<BatchView>(Json.Options, Ct))!;

        Assert.Equal(2, suspended.Counts[MoveStatus.Suspended]);
        Assert.Equal(("Queued", 2), (resumed.Status, resumed.Counts[MoveStatus.Queued]));
        foreach (var move in resumed.Moves)
            Assert.Equal(startAt, (await GetMoveAsync(client, move.Id)).NotBefore!.Value, TimeSpan.FromSeconds(1));
        using var cancel = await client.PostAsync($"/api/batches/{id}/cancel", null, Ct);
        var cancelled = (await cancel.Content.ReadFromJsonAsync<BatchView>(Json.Options, Ct))!;
        Assert.Equal(("Cancelled", 2), (cancelled.Status, cancelled.Counts[MoveStatus.Cancelled]));
    }

    [Fact]
    public async Task A_single_move_takes_a_priority_and_shows_it_and_refuses_one_out_of_range_naming_the_field()
    {
        using var client = factory.CreateApiClient();

        using var queued = await client.PostAsJsonAsync("/api/moves",
            new { userId = "UserC", targetPostOffice = "DestPO", startAt = DateTime.UtcNow.AddDays(30), priority = 7 }, Ct);
        using var refused = await client.PostAsJsonAsync("/api/moves", new { userId = "UserC", targetPostOffice = "DestPO", priority = 5000 }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var id = (await queued.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
        var move = await GetMoveAsync(client, id);
        Assert.Equal((7, (Guid?)null), (move.Priority, move.BatchId));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct);
        Assert.Contains("between -1000 and 1000", Assert.Single(problem!.Errors["priority"]));
    }

    [Fact]
    public async Task The_report_lists_each_move_with_its_post_offices_status_items_bytes_and_duration_in_json_and_csv()
    {
        using var client = factory.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/batches",
            new { name = "Report", moves = new[] { new { userId = "UserE", targetPostOffice = "DestPO" } } }, Ct);
        var id = (await response.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!.Id!.Value;
        await Eventually.UntilAsync(() => GetBatchAsync(client, id), b => b.Status == "Completed", "the batch completes");
        var move = await GetMoveAsync(client, (await GetBatchAsync(client, id)).Moves[0].Id);

        var json = await client.GetFromJsonAsync<BatchReportRow[]>($"/api/batches/{id}/report?format=json", Json.Options, Ct);
        var csv = await client.GetStringAsync($"/api/batches/{id}/report?format=csv", Ct);

        var row = Assert.Single(json!);
        Assert.Equal(("UserE", "SourcePO", "DestPO", "Completed"), (row.UserId, row.SourcePostOffice, row.TargetPostOffice, row.Status));
        Assert.Equal((move.Moved, move.Skipped, move.BytesMoved, move.BytesTotal), (row.ItemsMoved, row.ItemsSkipped, row.BytesMoved, row.BytesTotal));
        Assert.True(row.DurationSeconds >= 0);
        Assert.Null(row.LastError);
        Assert.Equal(("Perfect", 0), (row.Grade, row.NotMoved.Count));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("moveId,userId,sourcePostOffice,targetPostOffice,status,itemsMoved,itemsSkipped,bytesMoved,bytesTotal,durationSeconds,lastError,grade,notMoved", lines[0]);
        Assert.StartsWith($"{move.Id},UserE,SourcePO,DestPO,Completed,{move.Moved},{move.Skipped},{move.BytesMoved},{move.BytesTotal},", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task A_helpdesk_key_may_read_batches_but_not_create_or_act_on_them()
    {
        await factory.AddHelpdeskKeyAsync("batches-helpdesk", HelpdeskKey);
        using var helpdesk = factory.CreateApiClient(HelpdeskKey);
        var (movesBefore, batchesBefore) = await CountAsync();

        using var create = await PostCsvAsync(helpdesk, "userId,targetPostOffice\nUserD,DestPO\n", "name=Sneaky");
        using var list = await helpdesk.GetAsync("/api/batches", Ct);
        using var cancel = await helpdesk.PostAsync($"/api/batches/{Guid.NewGuid()}/cancel", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal((movesBefore, batchesBefore), await CountAsync());
    }

    [Fact]
    public async Task A_batch_without_a_name_is_refused_naming_the_field()
    {
        using var client = factory.CreateApiClient();

        using var json = await client.PostAsJsonAsync("/api/batches", new { moves = new[] { new { userId = "UserD", targetPostOffice = "DestPO" } } }, Ct);
        using var csv = await PostCsvAsync(client, "userId,targetPostOffice\nUserD,DestPO\n", "");

        foreach (var response in new[] { json, csv })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct);
            Assert.Contains("(name)", Assert.Single(problem!.Errors["name"]));
        }
    }

    [Fact]
    public async Task Batch_windows_that_cannot_be_read_are_refused_naming_each_field_and_create_nothing()
    {
        using var client = factory.CreateApiClient();
        var (movesBefore, batchesBefore) = await CountAsync();

        using var response = await client.PostAsJsonAsync("/api/batches", new
        {
            name = "Nights",
            timeZone = "Europe/Atlantis",
            windows = new[] { new { days = "Mon-Fri", from = "22:00", to = "30:00" } },
            moves = new[] { new { userId = "UserD", targetPostOffice = "DestPO" } },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct);
        Assert.Contains("to must be a time of day as HH:mm", Assert.Single(problem!.Errors["windows[0]"]));
        Assert.Contains("IANA time zone", Assert.Single(problem.Errors["timeZone"]));
        Assert.Equal((movesBefore, batchesBefore), await CountAsync());
    }

    [Fact]
    public async Task A_batch_keeps_the_windows_and_time_zone_it_was_given()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/batches", new
        {
            name = "Weeknights in Berlin",
            timeZone = "Europe/Berlin",
            windows = new[] { new { days = "Mon-Fri", from = "22:00", to = "06:00" } },
            moves = new[] { new { userId = "UserK", targetPostOffice = "DestPO" } },
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("id").GetGuid();
        await factory.WithDatabaseAsync(async db =>
            Assert.Equal(("Europe/Berlin", "Mon-Fri 22:00-06:00"),
                await db.Batches.Where(b => b.Id == id).Select(b => ValueTuple.Create(b.TimeZone, b.Windows)).SingleAsync(Ct)));
    }

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv, string query) => BatchesWebFactory.PostCsvAsync(client, csv, query, Ct);

    private static async Task<BatchView> GetBatchAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<BatchView>($"/api/batches/{id}", Json.Options, Ct))!;

    private static async Task<MovesEndpoints.MoveResource> GetMoveAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct))!;

    private Task<(int Moves, int Batches)> CountAsync() => factory.CountMovesAndBatchesAsync(Ct);
}
