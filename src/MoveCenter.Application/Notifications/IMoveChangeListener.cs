using MoveCenter.Application.Moves;

namespace MoveCenter.Application.Notifications;

/// <summary>Told of every saved change of a move, whichever node made it. The web host pushes these to browsers.</summary>
public interface IMoveChangeListener
{
    Task OnMoveChangedAsync(MoveSummary move, CancellationToken cancellationToken);
}
