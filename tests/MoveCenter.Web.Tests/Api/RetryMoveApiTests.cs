using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Retry: the current step again, with fresh attempts for failed items.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class RetryMoveApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task Retry_of_a_stalled_move_gives_the_failed_item_fresh_attempts_and_the_move_stalls_on_it_again()
    {
        using var client = Factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserC");

        using var response = await ActAsync(client, HttpMethod.Post, id, "retry");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var move = await Eventually.UntilAsync(() => GetMoveAsync(client, id),
            m => m.History.Count(h => h.Kind == nameof(MoveEventKind.Stalled)) == 2 || m.Status is "Completed" or "Failed" or "Cancelled",
            "the retried move of UserC stalls again");
        Assert.Equal("Stalled", move.Status);
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction) && h.Actor == Actor
            && h.Message.StartsWith("Retry requested while Stalled", StringComparison.Ordinal));
        var failures = move.History.Where(h => h.Kind == nameof(MoveEventKind.ItemFailed)).Select(h => h.Message).ToList();
        Assert.Equal(6, failures.Count);
        Assert.Equal(2, failures.Count(f => f.Contains("(attempt 1 of 3)", StringComparison.Ordinal)));
        var retryAt = move.History.Single(h => h.Kind == nameof(MoveEventKind.AdminAction)).At;
        Assert.Equal(3, move.History.Count(h => h.Kind == nameof(MoveEventKind.ItemFailed) && h.At >= retryAt));
        var bad = (await PendingItemsAsync(client, id)).Items[0];
        Assert.StartsWith(UnreadableKey, bad.SourceKey);
        Assert.Equal(("Failed", 3), (bad.State, bad.Attempts));
    }

    [Fact]
    public async Task Retry_of_a_move_a_worker_holds_is_a_conflict_naming_the_node_and_is_not_audited()
    {
        using var client = Factory.CreateApiClient();
        var id = await QueueAsync(client, "UserJ", DateTime.UtcNow.AddDays(1));
        // A worker of node-7 holds the move for the next hour: nothing in the host can finish or take it over meanwhile.
        await Factory.WithDatabaseAsync(async db =>
        {
            var move = await db.Moves.SingleAsync(m => m.Id == id, Ct);
            move.BeginWork(DateTime.UtcNow);
            db.Entry(move).Property(MoveLease.Owner).CurrentValue = "node-7/worker-1";
            db.Entry(move).Property(MoveLease.ExpiresAt).CurrentValue = DateTime.UtcNow.AddHours(1);
            await db.SaveChangesAsync(Ct);
        });
        var target = AuditActions.MoveTarget("UserJ", id);
        var audited = 0;
        await Factory.WithDatabaseAsync(async db => audited = await db.AuditEntries.CountAsync(e => e.Target == target, Ct));
        var before = await GetMoveAsync(client, id);

        using var response = await ActAsync(client, HttpMethod.Post, id, "retry");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.Contains("running on node node-7; suspend it first or wait", problem!.Detail);
        var after = await GetMoveAsync(client, id);
        Assert.Equal(("Running", before.History.Count), (after.Status, after.History.Count));
        await Factory.WithDatabaseAsync(async db => Assert.Equal(audited, await db.AuditEntries.CountAsync(e => e.Target == target, Ct)));
    }
}
