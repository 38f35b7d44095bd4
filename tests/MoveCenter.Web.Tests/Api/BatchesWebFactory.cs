using System.Text;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Demo users UserA…UserL; the last one, UserL, has an item that cannot be read, so its move stalls.</summary>
public sealed class BatchesWebFactory : MoveCenterWebFactory
{
    public override int DemoUsers => 12;

    public static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv, string query, CancellationToken cancellationToken) =>
        client.PostAsync("/api/batches" + (query.Length > 0 ? "?" + query : ""), new StringContent(csv, Encoding.UTF8, "text/csv"), cancellationToken);

    public async Task<(int Moves, int Batches)> CountMovesAndBatchesAsync(CancellationToken cancellationToken)
    {
        var counts = (0, 0);
        await WithDatabaseAsync(async db => counts = (await db.Moves.CountAsync(cancellationToken), await db.Batches.CountAsync(cancellationToken)));
        return counts;
    }
}
