using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Web.Tests.Components;

/// <summary>Move summaries as the list and the live pushes carry them.</summary>
public static class Moves
{
    public static readonly DateTime Now = new(2025, 3, 4, 10, 0, 0, DateTimeKind.Utc);

    public static MoveSummary Summary(
        string userId = "UserA", MoveStatus status = MoveStatus.Running, MovePhase phase = MovePhase.ItemRequest,
        int inventoryTotal = 12, int itemsMoved = 3, long bytesTotal = 1000, long bytesMoved = 250, string? waitReason = null,
        double bytesPerSecond = 0, RetryCause? retryCause = null) =>
        new(Guid.NewGuid(), userId, $"Demo {userId}", "SourcePO", "DestPO", status, phase,
            inventoryTotal, itemsMoved, 0, inventoryTotal - itemsMoved, bytesTotal, bytesMoved, 0,
            Now.AddMinutes(-10), Now.AddMinutes(-9), null, Now.AddMinutes(-1), null, waitReason, null, bytesPerSecond, retryCause);
}
