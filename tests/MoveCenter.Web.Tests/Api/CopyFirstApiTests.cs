using System.Net;
using System.Net.Http.Json;
using MoveCenter.Web.Api;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

public sealed class CopyFirstWebFactory : MoveCenterWebFactory
{
    public override int DemoUsers => 10;
}

/// <summary>The mode of a move through the API: chosen per move and per batch, shown with the move.</summary>
public sealed class CopyFirstApiTests(CopyFirstWebFactory factory) : IClassFixture<CopyFirstWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTime Tomorrow = DateTime.UtcNow.Date.AddDays(2);

    [Fact]
    public async Task A_move_queued_copy_first_keeps_its_mode_cutover_time_and_sync_interval()
    {
        using var client = factory.CreateApiClient();
        var completeAfter = Tomorrow.AddDays(3);

        using var response = await client.PostAsJsonAsync("/api/moves", new
        {
            userId = "UserA", targetPostOffice = "DestPO", startAt = Tomorrow,
            options = new { mode = "CopyFirst", completeAfter, incrementalSyncInterval = "06:00:00" },
        }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
        var move = (await client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct))!;
        Assert.Equal(("CopyFirst", completeAfter, TimeSpan.FromHours(6)), (move.Mode, move.CompleteAfter, move.IncrementalSyncInterval));
    }

    [Fact]
    public async Task A_move_queued_without_a_mode_is_switch_first()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/moves", new { userId = "UserB", targetPostOffice = "DestPO", startAt = Tomorrow }, Ct);

        var id = (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
        var move = (await client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct))!;
        Assert.Equal(("SwitchFirst", null, null), (move.Mode, move.CompleteAfter, move.IncrementalSyncInterval));
    }

    [Fact]
    public async Task Complete_is_refused_with_409_until_the_move_is_synced_then_cuts_it_over_once_and_is_audited()
    {
        using var client = factory.CreateApiClient();
        var waiting = await QueueAsync(client, "UserF", new { mode = "CopyFirst" }, Tomorrow);
        var switchFirst = await QueueAsync(client, "UserG", null, Tomorrow.AddDays(1));

        using (var early = await client.PostAsync($"/api/moves/{waiting}/complete", null, Ct))
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        using (var notCopyFirst = await client.PostAsync($"/api/moves/{switchFirst}/complete", null, Ct))
            Assert.Equal(HttpStatusCode.Conflict, notCopyFirst.StatusCode);
        using (var cancel = await client.PostAsync($"/api/moves/{waiting}/cancel", null, Ct))
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var id = await QueueAsync(client, "UserF", new { mode = "CopyFirst" }, null);
        var synced = await Eventually.UntilAsync(() => GetAsync(client, id), m => m.Status is "Synced" or "Stalled" or "Failed", "the copy-first move is synced");
        Assert.Equal(("Synced", "IncrementalSync"), (synced.Status, synced.Phase));
        Assert.Equal("SourcePO", await HomeAsync(client, "UserF"));

        using var first = await client.PostAsync($"/api/moves/{id}/complete", null, Ct);
        using var again = await client.PostAsync($"/api/moves/{id}/complete", null, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var done = await Eventually.UntilAsync(() => GetAsync(client, id), m => m.Status is "Completed" or "Stalled" or "Failed", "the cutover ends");
        Assert.Equal("Completed", done.Status);
        Assert.Equal("DestPO", await HomeAsync(client, "UserF"));
        Assert.Single(done.History, h => h.Kind == "AdminAction" && h.Message.StartsWith("Complete requested", StringComparison.Ordinal));
        var audit = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/audit?action=move.complete", Json.Options, Ct);
        Assert.True(audit.GetProperty("items").GetArrayLength() >= 2, audit.ToString());
    }

    [Fact]
    public async Task A_batch_of_copy_first_moves_cuts_over_its_synced_moves_with_one_call()
    {
        using var client = factory.CreateApiClient();
        using var created = await client.PostAsJsonAsync("/api/batches", new
        {
            name = "Cut over together", mode = "CopyFirst",
            moves = new[] { new { userId = "UserH", targetPostOffice = "DestPO" }, new { userId = "UserI", targetPostOffice = "DestPO" } },
        }, Ct);
        var batch = (await created.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!;
        foreach (var row in batch.AcceptedRows)
            await Eventually.UntilAsync(() => GetAsync(client, row.MoveId), m => m.Status is "Synced" or "Stalled" or "Failed", $"{row.UserId} is synced");

        using var complete = await client.PostAsync($"/api/batches/{batch.Id}/complete", null, Ct);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        foreach (var row in batch.AcceptedRows)
        {
            var done = await Eventually.UntilAsync(() => GetAsync(client, row.MoveId), m => m.Status is "Completed" or "Stalled" or "Failed", $"{row.UserId} is cut over");
            Assert.Equal("Completed", done.Status);
            Assert.Equal("DestPO", await HomeAsync(client, row.UserId));
        }
    }

    private static async Task<Guid> QueueAsync(HttpClient client, string userId, object? options, DateTime? startAt)
    {
        using var response = await client.PostAsJsonAsync("/api/moves", new { userId, targetPostOffice = "DestPO", startAt, options }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
    }

    private static async Task<MovesEndpoints.MoveResource> GetAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct))!;

    private static async Task<string> HomeAsync(HttpClient client, string userId)
    {
        var users = await client.GetFromJsonAsync<System.Text.Json.JsonElement[]>($"/api/users?search={userId}", Json.Options, Ct);
        return users!.Single(u => u.GetProperty("userId").GetString() == userId).GetProperty("postOffice").GetString()!;
    }

    [Fact]
    public async Task A_batch_mode_applies_to_its_moves_and_a_csv_row_may_name_its_own()
    {
        using var client = factory.CreateApiClient();

        using var json = await client.PostAsJsonAsync("/api/batches", new
        {
            name = "Copy first", startAt = Tomorrow, mode = "copy-first",
            moves = new[] { new { userId = "UserC", targetPostOffice = "DestPO" } },
        }, Ct);
        using var csv = await client.PostAsync($"/api/batches?name=Mixed",
            new StringContent($"userId,targetPostOffice,startAt,mode\nUserD,DestPO,{Tomorrow:O},CopyFirst\nUserE,DestPO,{Tomorrow:O},\n",
                System.Text.Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.Created, json.StatusCode);
        Assert.Equal(HttpStatusCode.Created, csv.StatusCode);
        var rows = (await json.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!.AcceptedRows
            .Concat((await csv.Content.ReadFromJsonAsync<BatchesEndpoints.BatchCreated>(Json.Options, Ct))!.AcceptedRows);
        var modes = new List<(string, string)>();
        foreach (var row in rows)
            modes.Add((row.UserId, (await client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{row.MoveId}", Json.Options, Ct))!.Mode));
        Assert.Equal([("UserC", "CopyFirst"), ("UserD", "CopyFirst"), ("UserE", "SwitchFirst")], modes);
    }
}
