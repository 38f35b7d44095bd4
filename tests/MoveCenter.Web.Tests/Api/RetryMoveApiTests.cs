using System.Net;
using MoveCenter.Domain.Moves;
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
}
