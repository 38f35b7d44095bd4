using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Api;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

public sealed class MovesApiTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_without_an_api_key_gets_401_problem_details()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/moves", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.Contains("X-Api-Key", problem!.Detail);
    }

    [Fact]
    public async Task A_wrong_api_key_gets_401()
    {
        using var client = factory.CreateApiClient("mc_not_a_key");

        using var response = await client.GetAsync("/api/moves", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_200_without_signing_in()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_moves_api()
    {
        using var client = factory.CreateApiClient();

        using var document = await client.GetFromJsonAsync<System.Text.Json.JsonDocument>("/openapi/v1.json", Ct);

        var paths = document!.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/moves", out var moves), "/api/moves is missing from the OpenAPI paths");
        Assert.True(moves.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/moves/{id}", out _));
    }

    [Theory]
    [InlineData("/api/moves", "targetPostOffice")]
    [InlineData("/api/post-offices", "rootPath")]
    [InlineData("/api/users", "userId")]
    public async Task The_openapi_document_describes_the_json_body_of_each_post(string path, string field)
    {
        using var client = factory.CreateApiClient();

        using var document = await client.GetFromJsonAsync<System.Text.Json.JsonDocument>("/openapi/v1.json", Ct);

        var schema = document!.RootElement.GetProperty("paths").GetProperty(path).GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
            schema = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        var properties = schema.GetProperty("properties");
        Assert.True(properties.TryGetProperty(field, out _), $"{field} is missing from the body of POST {path}");
    }

    [Fact]
    public async Task The_directory_lists_the_demo_post_offices_and_users()
    {
        using var client = factory.CreateApiClient();

        var postOffices = await client.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/post-offices", Json.Options, Ct);
        var users = await client.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/users", Json.Options, Ct);

        Assert.Equal(["DestPO", "SourcePO"], postOffices!.Select(p => p.GetProperty("name").GetString()).Order());
        Assert.Equal(["UserA", "UserB", "UserC"], users!.Select(u => u.GetProperty("userId").GetString()).Order());
    }

    [Fact]
    public async Task A_queued_move_runs_through_all_six_phases_to_Completed()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/moves", new { userId = "UserA", targetPostOffice = "DestPO" }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct);
        Assert.Equal($"/api/moves/{accepted!.Id}", response.Headers.Location?.OriginalString);

        var move = await Eventually.UntilAsync(
            () => client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{accepted.Id}", Json.Options, Ct)!,
            m => m!.Status is "Completed" or "Failed" or "Stalled",
            "the move of UserA ends");

        Assert.Equal("Completed", move!.Status);
        Assert.Equal("Finished", move.Phase);
        Assert.Equal("SourcePO", move.SourcePostOffice);
        Assert.Equal("DestPO", move.TargetPostOffice);
        Assert.True(move.InventoryTotal > 0);
        Assert.Equal(move.InventoryTotal, move.Moved + move.Skipped);
        Assert.Equal(0, move.Remaining);
        var completedPhases = move.History.Where(h => h.Kind == nameof(MoveEventKind.PhaseCompleted)).Select(h => h.Message).ToList();
        string[] phases = ["Preflight", "Admin rename", "Inventory", "Item request", "Final sync", "Purge"];
        Assert.Equal(phases.Length, completedPhases.Count);
        foreach (var (phase, message) in phases.Zip(completedPhases))
            Assert.StartsWith($"{phase} completed.", message);
        Assert.Equal(nameof(MoveEventKind.Queued), move.History[0].Kind);
        Assert.Equal(nameof(MoveEventKind.Completed), move.History[^1].Kind);
    }

    [Fact]
    public async Task Queue_with_an_unknown_user_returns_404_and_creates_nothing()
    {
        using var client = factory.CreateApiClient();
        var before = await CountMovesAsync(client);

        using var response = await client.PostAsJsonAsync("/api/moves", new { userId = "NoSuchUser", targetPostOffice = "DestPO" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.Contains("NoSuchUser", problem!.Detail);
        Assert.Equal(before, await CountMovesAsync(client));
    }

    [Fact]
    public async Task Queue_without_a_target_post_office_returns_400_validation_problem_and_creates_nothing()
    {
        using var client = factory.CreateApiClient();
        var before = await CountMovesAsync(client);

        using var response = await client.PostAsJsonAsync("/api/moves", new { userId = "UserB" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct);
        var error = Assert.Single(problem!.Errors, e => e.Key.Equals("TargetPostOffice", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("targetPostOffice", Assert.Single(error.Value));
        Assert.Equal(before, await CountMovesAsync(client));
    }

    [Fact]
    public async Task Queue_to_the_users_own_post_office_returns_409_and_creates_nothing()
    {
        using var client = factory.CreateApiClient();
        var before = await CountMovesAsync(client);

        using var response = await client.PostAsJsonAsync("/api/moves", new { userId = "UserB", targetPostOffice = "SourcePO" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.Contains("UserB already lives on SourcePO", problem!.Detail);
        Assert.Equal(before, await CountMovesAsync(client));
    }

    [Fact]
    public async Task A_second_move_while_one_is_active_returns_409_and_creates_nothing()
    {
        using var client = factory.CreateApiClient();
        // Scheduled for tomorrow, the first move stays active for the whole test, whatever else runs.
        var tomorrow = DateTime.UtcNow.AddDays(1);
        using var first = await client.PostAsJsonAsync("/api/moves", new { userId = "UserB", targetPostOffice = "DestPO", startAt = tomorrow }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var before = await CountMovesAsync(client);

        using var second = await client.PostAsJsonAsync("/api/moves", new { userId = "UserB", targetPostOffice = "DestPO" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.Contains("UserB already has a move in progress", problem!.Detail);
        Assert.Equal(before, await CountMovesAsync(client));
    }

    [Fact]
    public async Task The_user_with_an_unreadable_item_ends_Stalled_with_a_reason()
    {
        using var client = factory.CreateApiClient();
        var list = await client.GetFromJsonAsync<MovesEndpoints.MoveListResource>("/api/moves?user=UserC", Json.Options, Ct);
        var id = list!.Items.SingleOrDefault()?.Id;
        if (id is null)
        {
            using var queued = await client.PostAsJsonAsync("/api/moves", new { userId = "UserC", targetPostOffice = "DestPO" }, Ct);
            id = (await queued.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
        }

        var move = await Eventually.UntilAsync(
            () => client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct)!,
            m => m!.Status is "Completed" or "Failed" or "Stalled",
            "the move of UserC ends");

        Assert.Equal("Stalled", move!.Status);
        Assert.False(string.IsNullOrWhiteSpace(move.WaitReason));
    }

    [Fact]
    public async Task Listing_by_an_unknown_status_returns_400()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/api/moves?status=Sleeping", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.Contains("Sleeping", problem!.Detail);
    }

    private static async Task<int> CountMovesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<MovesEndpoints.MoveListResource>("/api/moves", Json.Options, Ct))!.Total;
}
