using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MoveCenter.Testing;

public sealed record HistoryEntry(DateTime At, string Kind, string Message, string Actor);

/// <summary>A move as <c>GET /api/moves/{id}</c> describes it (the fields these tests read).</summary>
public sealed record MoveResource(
    Guid Id, string UserId, string Status, string Phase, int InventoryTotal, int Moved, int Skipped, int Remaining, int Restarts,
    string? LastError, string? WaitReason, IReadOnlyList<HistoryEntry> History)
{
    public string Describe() =>
        $"Status {Status}, phase {Phase}, moved {Moved}/{InventoryTotal}, restarts {Restarts}, wait reason: {WaitReason ?? "-"}, last error: {LastError ?? "-"}\n" +
        "History:\n" + string.Join("\n", History.TakeLast(25).Select(h => $"  {h.At:HH:mm:ss.fff} {h.Kind}: {h.Message}"));
}

/// <summary>The HTTP API of one node, with the bootstrap API key, as a script on a fresh install would drive it.</summary>
public sealed class MoveCenterApi(Uri address, string apiKey) : IDisposable
{
    public const string Domain = "dom1";

    /// <summary>The moves hub and its one message, as a dashboard or script names them.</summary>
    public const string MovesHubPath = "/hubs/moves";
    public const string MoveChanged = "MoveChanged";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { BaseAddress = address, DefaultRequestHeaders = { { "X-Api-Key", apiKey } } };

    /// <param name="site">Pins the post office's moves to the nodes of that site; none when null.</param>
    public async Task AddMaildirPostOfficeAsync(string name, string rootPath, string? site = null)
    {
        using var _ = await PostAsync("/api/post-offices", new { name, domain = Domain, kind = "maildir", rootPath, site });
    }

    /// <param name="maxConcurrentMoves">The post office's move slots; the product's default when null.</param>
    public async Task AddImapPostOfficeAsync(string name, string host, int port, string adminUser, string adminPassword, int? maxConcurrentMoves = null)
    {
        using var _ = await PostAsync("/api/post-offices",
            new { name, domain = Domain, kind = "imap", host, port, security = "none", adminUser, adminPassword, maxConcurrentMoves });
    }

    public async Task AddUserAsync(string userId, string postOffice)
    {
        using var _ = await PostAsync("/api/users", new { userId, postOffice });
    }

    public Task<Guid> QueueMoveAsync(string userId, string targetPostOffice) => QueueMoveAsync(userId, targetPostOffice, new { purgeMode = "Purge" });

    /// <param name="options">The move's options as the API takes them, e.g. <c>new { mode = "CopyFirst" }</c>.</param>
    public async Task<Guid> QueueMoveAsync(string userId, string targetPostOffice, object options)
    {
        using var response = await PostAsync("/api/moves", new { userId, targetPostOffice, options });
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Json, TestContext.Current.CancellationToken);
        return accepted.GetProperty("id").GetGuid();
    }

    /// <summary>An action on a move, e.g. "retry" or "complete".</summary>
    public async Task ActAsync(Guid id, string action)
    {
        using var _ = await PostAsync($"/api/moves/{id}/{action}", new { });
    }

    public async Task<MoveResource> MoveAsync(Guid id) =>
        await _http.GetFromJsonAsync<MoveResource>($"/api/moves/{id}", Json, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"GET /api/moves/{id} answered nothing.");

    /// <summary>A CSV file sent as a script sends it (users import, batches); the answer's JSON, or an error naming the problem.</summary>
    public async Task<JsonElement> PostCsvAsync(string path, string csv)
    {
        using var response = await _http.PostAsync(path, new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body, Json);
    }

    public async Task<JsonElement> GetJsonAsync(string path) =>
        await _http.GetFromJsonAsync<JsonElement>(path, Json, TestContext.Current.CancellationToken);

    public async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        using var response = await PostAsync(path, body);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json, TestContext.Current.CancellationToken);
    }

    /// <summary>A client of the node's moves hub, signed in with the same key; not started yet, so handlers can be added first.</summary>
    public HubConnection MovesHub() => new HubConnectionBuilder()
        .WithUrl(new Uri(address, MovesHubPath), options => options.Headers["X-Api-Key"] = apiKey)
        .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
        .Build();

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        var response = await _http.PostAsJsonAsync(path, body, Json, TestContext.Current.CancellationToken);
        if (response.IsSuccessStatusCode) return response;
        var problem = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.Dispose();
        throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {problem}");
    }
}
