using System.Net;
using System.Net.Http.Json;
using MoveCenter.Application.Moves;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Cancel: before admin rename a withdrawal, after it the user is home on the source again.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class CancelMoveApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task Cancel_of_a_scheduled_move_withdraws_it_and_a_second_Cancel_is_a_conflict()
    {
        using var client = Factory.CreateApiClient();
        var id = await QueueAsync(client, "UserD", DateTime.UtcNow.AddDays(1));

        using var response = await ActAsync(client, HttpMethod.Post, id, "cancel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MoveStatus.Cancelled, (await response.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!.Status);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Cancelled", move.Status);
        var cancelled = Assert.Single(move.History, h => h.Kind == nameof(MoveEventKind.Cancelled));
        Assert.Equal(Actor, cancelled.Actor);
        Assert.Contains("Withdrawn before anything changed", cancelled.Message);
        Assert.Equal(("SourcePO", false), await HomeOfAsync(client, "UserD"));

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "cancel");

        Assert.Equal(("Cancelled", move.History.Count), (after.Status, after.History.Count));
    }

    [Fact]
    public async Task Cancel_of_a_stalled_move_puts_the_user_back_on_the_source_with_the_source_mailbox_intact()
    {
        using var client = Factory.CreateApiClient();
        var source = await SourceMailboxPathAsync(client, "UserE");
        MaildirDemoItems.PlantUnreadableItem(source);
        var sourceBefore = Snapshot(source);
        var id = await StalledMoveAsync(client, "UserE", plant: false);
        Assert.Equal(("DestPO", true), await HomeOfAsync(client, "UserE"));

        using var response = await ActAsync(client, HttpMethod.Post, id, "cancel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Cancelled", move.Status);
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.Cancelled) && h.Actor == Actor);
        Assert.Contains(move.History, h => h.Actor == Actor && h.Message.Contains("lives on the source post office again", StringComparison.Ordinal));
        Assert.Equal(("SourcePO", false), await HomeOfAsync(client, "UserE"));
        Assert.Equal(sourceBefore, Snapshot(source));
    }
}
