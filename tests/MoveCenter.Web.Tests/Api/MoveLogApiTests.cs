using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>The move's log through the API, with its search.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class MoveLogApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task The_log_of_a_stalled_move_has_its_lines_and_search_narrows_them_to_lines_with_the_text()
    {
        using var client = Factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserH");

        var all = await Eventually.UntilAsync(() => LogAsync(client, id, null),
            log => log.Lines.Any(l => l.Message.Contains("(attempt 3 of 3)", StringComparison.Ordinal)),
            "the move's log has the third failure of the unreadable item");

        // The sink keeps writing while we read: compare with the lines seen, which only grow.
        Assert.True(all.Lines.Count >= 3, $"expected the three failures of the unreadable item, saw {all.Lines.Count} lines");
        Assert.All(all.Lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Message)));
        var search = await LogAsync(client, id, "attempt 2 of 3");
        Assert.NotEmpty(search.Lines);
        Assert.True(search.TotalCount < all.Lines.Count, $"the search found {search.TotalCount} of {all.Lines.Count} lines");
        Assert.All(search.Lines, l => Assert.Contains("attempt 2 of 3", l.Message));
        Assert.Contains(search.Lines, l => l.Message.Contains(UnreadableKey, StringComparison.Ordinal));
        Assert.Empty((await LogAsync(client, id, "no line says this")).Lines);
    }
}
