using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// A move goes from phase to phase in the job it runs in, under the lease it took once: every lease a worker takes
/// counts up the move's fencing token, so the token tells how many times the move was handed to a worker.
/// </summary>
public sealed class PhasesInOneJobTests : IDisposable
{
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_move_runs_all_its_phases_under_the_one_lease_its_first_job_took()
    {
        var (details, leases) = await MoveAsync(phasesInOneJob: true);

        Assert.Equal(1, leases);
        Assert.Equal(6, details.History.Count(h => h.Kind == MoveEventKind.PhaseCompleted));
    }

    [Fact]
    public async Task With_phases_in_one_job_switched_off_each_phase_is_a_job_of_its_own_with_a_lease_of_its_own()
    {
        var (_, leases) = await MoveAsync(phasesInOneJob: false);

        Assert.Equal(6, leases);
    }

    private async Task<(MoveDetails Details, long Leases)> MoveAsync(bool phasesInOneJob)
    {
        var settings = new HostSettings
        {
            Users = 2,
            MessagesPerUser = 20,
            Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:PhasesInOneJob"] = phasesInOneJob ? "true" : "false" },
        };
        await using var host = await MoveCenterHost.StartAsync(_data, settings);
        // The demo's last user has a message that cannot be read; the first has none.
        var moveId = await host.QueueAsync(DemoDirectorySeeder.UserName(0));
        var details = await host.WaitUntilSettledAsync(moveId);
        host.AssertStatus(details, MoveStatus.Completed);
        await using var db = await host.DbAsync();
        var token = await db.Moves.Where(m => m.Id == moveId).Select(m => EF.Property<long>(m, MoveLease.Token)).SingleAsync(TestContext.Current.CancellationToken);
        return (details, token);
    }

    public void Dispose() => _data.Dispose();
}
