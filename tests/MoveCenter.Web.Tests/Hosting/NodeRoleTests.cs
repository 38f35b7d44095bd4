using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MoveCenter.Application.Engine;
using MoveCenter.Persistence;
using MoveCenter.Web.Api;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Hosting;

/// <summary>A web node and a worker node on one database: the web node takes the move and runs no job, the worker moves it and serves only /health.</summary>
[Collection(SerialHosts.Name)]
public sealed class NodeRoleTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly MoveCenterWebFactory _web = new() { MoreSettings = Role("Web") };
    private readonly MoveCenterWebFactory _worker;

    public NodeRoleTests() =>
        _worker = new MoveCenterWebFactory { MoreSettings = Role("Worker"), DataDirectory = _web.DataDirectory, KeepDataDirectory = true };

    private static Dictionary<string, string?> Role(string role) => new() { ["MoveCenter:Engine:Role"] = role };

    [Fact]
    public async Task A_move_queued_on_a_web_node_is_left_to_the_workers_and_a_worker_node_moves_it_while_serving_only_health()
    {
        using var web = _web.CreateApiClient();
        using var queued = await web.PostAsJsonAsync("/api/moves", new { userId = "UserA", targetPostOffice = "DestPO" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var moveId = (await queued.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;

        Assert.DoesNotContain(_web.Services.GetServices<IHostedService>(), s => s is MoveSupervisor || s.GetType().Namespace?.StartsWith("Hangfire", StringComparison.Ordinal) == true);
        var jobs = _web.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.Empty(jobs.Servers());
        Assert.Equal(0, jobs.GetStatistics().Enqueued);
        await _web.WithDatabaseAsync(async db => Assert.Null(await db.Moves.Where(m => m.Id == moveId)
            .Select(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt)).SingleAsync(Ct)));
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/health", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/account/login", Ct)).StatusCode);

        using var worker = _worker.CreateApiClient();
        // Healthy once its job server has announced itself.
        await Eventually.UntilAsync(async () => (await worker.GetAsync("/health", Ct)).StatusCode, status => status == HttpStatusCode.OK, "the worker node is healthy");
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync("/api/moves", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync("/account/login", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.PostAsync("/hubs/moves/negotiate?negotiateVersion=1", null, Ct)).StatusCode);

        var move = await Eventually.UntilAsync(
            () => web.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{moveId}", Json.Options, Ct)!,
            m => m!.Status is "Completed" or "Failed" or "Stalled",
            "the worker node ends the move");
        Assert.Equal("Completed", move!.Status);
        Assert.Empty(jobs.Servers());
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _web.DisposeAsync();
    }
}
