using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// A worker gives up its lease in the very write that stalls the move. Saved apart, a Retry arriving in between was
/// refused with "a worker still holds the move" although the worker had finished.
/// </summary>
public sealed class LeaseReleaseTests : IDisposable
{
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task The_save_that_stalls_a_move_also_releases_its_lease()
    {
        var settings = new HostSettings();
        var stallingSaves = new StallingSaves();
        await using var host = await MoveCenterHost.StartAsync(_data, settings, services =>
        {
            var options = services.BuildServiceProvider().GetRequiredService<DbContextOptions<MoveCenterDbContext>>();
            var observed = new DbContextOptionsBuilder<MoveCenterDbContext>(options).AddInterceptors(stallingSaves).Options;
            services.AddSingleton<IDbContextFactory<MoveCenterDbContext>>(new ObservedFactory(observed));
        });

        var moveId = await host.QueueAsync(MoveCenterHost.LastUser(settings));
        host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Stalled);

        var owners = stallingSaves.LeaseOwners();
        Assert.NotEmpty(owners);
        Assert.All(owners, Assert.Null);
    }

    public void Dispose() => _data.Dispose();

    private sealed class ObservedFactory(DbContextOptions<MoveCenterDbContext> options) : IDbContextFactory<MoveCenterDbContext>
    {
        public MoveCenterDbContext CreateDbContext() => new(options);
    }

    /// <summary>The lease owner each save that turns a move Stalled writes along with it.</summary>
    private sealed class StallingSaves : SaveChangesInterceptor
    {
        private readonly List<string?> _owners = [];

        public List<string?> LeaseOwners()
        {
            lock (_owners) return [.. _owners];
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            foreach (var entry in eventData.Context!.ChangeTracker.Entries<Move>())
            {
                var status = entry.Property(m => m.Status);
                if (status.IsModified && status.CurrentValue == MoveStatus.Stalled)
                    lock (_owners) _owners.Add(entry.Property<string?>(MoveLease.Owner).CurrentValue);
            }
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}
