using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Api;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>The cleanup table through the API: listed until done, and retried by an admin.</summary>
public sealed class CleanupApiTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cleanup_that_needs_an_admin_is_listed_and_an_admins_retry_removes_the_old_mailbox()
    {
        using var client = factory.CreateApiClient();
        using var queued = await client.PostAsJsonAsync("/api/moves", new { userId = "UserA", targetPostOffice = "DestPO" }, Ct);
        var id = (await queued.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
        await Eventually.UntilAsync(() => client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct),
            m => m!.Status == "Completed", $"the move {id} completes");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/moves/{id}/cleanup", Ct)).StatusCode);

        // The purge had failed for a whole day: the old mailbox is back where the purge left it.
        var oldMailbox = await GiveUpOnPurgeAsync(id);

        var listed = await client.GetFromJsonAsync<List<SourceCleanupView>>("/api/cleanups", Json.Options, Ct);
        Assert.Equal(CleanupState.NeedsAdmin, Assert.Single(listed!, c => c.MoveId == id).State);

        using var retry = await client.PostAsync($"/api/moves/{id}/cleanup/retry", null, Ct);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(CleanupState.Pending, (await retry.Content.ReadFromJsonAsync<SourceCleanupView>(Json.Options, Ct))!.State);
        var done = await Eventually.UntilAsync(() => client.GetFromJsonAsync<SourceCleanupView>($"/api/moves/{id}/cleanup", Json.Options, Ct),
            c => c!.State == CleanupState.Done, "the cleanup is done");

        Assert.NotNull(done!.CompletedAt);
        Assert.False(Directory.Exists(oldMailbox));
        Assert.DoesNotContain((await client.GetFromJsonAsync<List<SourceCleanupView>>("/api/cleanups", Json.Options, Ct))!, c => c.MoveId == id);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/moves/{id}/cleanup/retry", null, Ct)).StatusCode);
    }

    private async Task<string> GiveUpOnPurgeAsync(Guid moveId)
    {
        string mailbox = "";
        await factory.WithDatabaseAsync(async db =>
        {
            var source = await db.PostOffices.SingleAsync(p => p.Name == "SourcePO", Ct);
            mailbox = Path.Combine(source.RootPath!, "UserA");
            Directory.CreateDirectory(Path.Combine(mailbox, "cur"));
            var policy = new RetryPolicy { CleanupPeriod = TimeSpan.Zero };
            var cleanup = PendingCleanup.Record(moveId, "UserA", source.Id, "Access to the path is denied", policy, DateTime.UtcNow.AddDays(-1));
            cleanup.RecordFailure("Access to the path is denied", policy, DateTime.UtcNow);
            db.PendingCleanups.Add(cleanup);
            await db.SaveChangesAsync(Ct);
        });
        return mailbox;
    }
}
