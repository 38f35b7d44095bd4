using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Benchmark;

/// <summary>Issue 5's load check: N moves (and their users) in the database, then the list queries the UI sends.</summary>
internal static class ListMovesLoad
{
    private const int InsertBatch = 2000;
    private const int Runs = 7;

    public static async Task RunAsync(IServiceProvider services, int count, int seed, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>();
        int sourceId, targetId;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            sourceId = await db.PostOffices.Where(p => p.Name == MoveCenterHost.SourcePostOffice).Select(p => p.Id).SingleAsync(cancellationToken);
            targetId = await db.PostOffices.Where(p => p.Name == MoveCenterHost.TargetPostOffice).Select(p => p.Id).SingleAsync(cancellationToken);
        }

        var insert = Stopwatch.StartNew();
        var random = new Random(seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var offset = 0; offset < count; offset += InsertBatch)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var moves = new List<Move>();
            var users = new List<DirectoryUser>();
            for (var i = offset; i < Math.Min(count, offset + InsertBatch); i++)
            {
                var user = $"load{i:D6}";
                users.Add(new DirectoryUser(user, sourceId, $"Load User {i}", $"{user}@example.org"));
                var now = start.AddSeconds(i * 7 + random.Next(7));
                var move = Move.Queue(Guid.NewGuid(), user, sourceId, targetId, new MoveOptions(), null, "load", now);
                Advance(move, random.Next(100), now);
                moves.Add(move);
            }
            db.DirectoryUsers.AddRange(users);
            db.Moves.AddRange(moves);
            await db.SaveChangesAsync(cancellationToken);
        }
        Console.WriteLine($"list-moves: inserted {count:N0} moves in {insert.Elapsed.TotalSeconds:N1} s");

        var handler = services.GetRequiredService<ListMovesHandler>();
        var checks = new (string Name, Func<Task<int>> Run)[]
        {
            ("first page (50, by last activity)", async () => (await handler.HandleAsync(new ListMovesQuery(), cancellationToken)).Items.Count),
            ("status = Running, first page", async () => (await handler.HandleAsync(new ListMovesQuery(Status: MoveStatus.Running), cancellationToken)).Items.Count),
            ("user filter 'load001*'", async () => (await handler.HandleAsync(new ListMovesQuery(User: "load001*"), cancellationToken)).Items.Count),
            ("page 100 (skip 4,950)", async () => (await handler.HandleAsync(new ListMovesQuery(Skip: 99 * 50), cancellationToken)).Items.Count),
            ("CountByStatusAsync", async () => (await handler.CountByStatusAsync(cancellationToken)).Count),
        };
        foreach (var (name, run) in checks)
        {
            await run(); // warm-up: the query's first run compiles it
            var times = new List<double>();
            var rows = 0;
            for (var r = 0; r < Runs; r++)
            {
                var watch = Stopwatch.StartNew();
                rows = await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"list-moves: {name,-36} median {times[Runs / 2],8:N1} ms  (min {times[0]:N1}, max {times[^1]:N1}; {rows} rows)");
        }
    }

    /// <summary>A realistic mix: most done, some queued, running, waiting, stalled, suspended, failed, cancelled; some cleared.</summary>
    private static void Advance(Move move, int roll, DateTime now)
    {
        if (roll < 10) return; // queued
        move.BeginWork(now.AddSeconds(1));
        if (roll < 20) return; // running
        if (roll < 25)
        {
            move.Stall("bench: stalled", new RetryPolicy(), now.AddSeconds(2));
            return;
        }
        if (roll < 28)
        {
            move.Fail("bench: failed", now.AddSeconds(2));
            return;
        }
        if (roll < 31)
        {
            move.Suspend("load", now.AddSeconds(2));
            return;
        }
        if (roll < 33)
        {
            move.Cancel("load", now.AddSeconds(2));
            return;
        }
        var at = now;
        while (move.Status == MoveStatus.Running)
        {
            at = at.AddSeconds(10);
            move.CompletePhase(at, "");
        }
        if (roll >= 80) move.Clear("load", at.AddSeconds(1));
    }
}
