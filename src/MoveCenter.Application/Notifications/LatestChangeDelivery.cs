using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MoveCenter.Application.Moves;

namespace MoveCenter.Application.Notifications;

/// <summary>
/// Delivers move changes to one receiver on a task of its own, so a slow or failing receiver delays and starves only
/// itself. It holds the latest change per move that the receiver has not seen yet: one that falls behind skips the
/// states it missed instead of queueing without bound, and still ends on the current one.
/// </summary>
public sealed class LatestChangeDelivery : IDisposable
{
    private readonly Func<MoveSummary, Task> _receive;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, MoveSummary> _pending = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public LatestChangeDelivery(Func<MoveSummary, Task> receive, ILogger logger)
    {
        _receive = receive;
        _logger = logger;
        _ = Task.Run(DeliverAsync);
    }

    public void Post(MoveSummary move)
    {
        lock (_gate) _pending[move.Id] = move;
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Stops delivering once the receiver returns from the change it is given now, if any.</summary>
    public void Dispose() => _wake.Writer.TryComplete();

    private async Task DeliverAsync()
    {
        await foreach (var _ in _wake.Reader.ReadAllAsync())
        {
            List<MoveSummary> due;
            lock (_gate)
            {
                due = [.. _pending.Values];
                _pending.Clear();
            }
            foreach (var move in due)
            {
                try
                {
                    await _receive(move);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "Delivering the change of move {MoveId} failed", move.Id);
                }
                catch (OperationCanceledException)
                {
                    // The receiver is shutting down; what it has not seen no longer matters to it.
                }
            }
        }
    }
}
