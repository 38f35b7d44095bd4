using MoveCenter.Domain.Moves;
using MudBlazor;

namespace MoveCenter.Web.Components.Moves;

/// <summary>One colour and one icon per status, used everywhere a status is shown.</summary>
public static class MoveStatusStyle
{
    public static Color ColorOf(MoveStatus status) => status switch
    {
        MoveStatus.Queued => Color.Default,
        MoveStatus.Running => Color.Info,
        MoveStatus.Waiting => Color.Warning,
        MoveStatus.Stalled => Color.Error,
        MoveStatus.Suspended => Color.Secondary,
        MoveStatus.Synced => Color.Primary,
        MoveStatus.Completed => Color.Success,
        MoveStatus.Failed => Color.Error,
        MoveStatus.Cancelled => Color.Dark,
        _ => Color.Default,
    };

    public static string IconOf(MoveStatus status) => status switch
    {
        MoveStatus.Queued => Icons.Material.Filled.Schedule,
        MoveStatus.Running => Icons.Material.Filled.Sync,
        MoveStatus.Waiting => Icons.Material.Filled.HourglassTop,
        MoveStatus.Stalled => Icons.Material.Filled.ReportProblem,
        MoveStatus.Suspended => Icons.Material.Filled.PauseCircle,
        MoveStatus.Synced => Icons.Material.Filled.CloudDone,
        MoveStatus.Completed => Icons.Material.Filled.CheckCircle,
        MoveStatus.Failed => Icons.Material.Filled.Error,
        MoveStatus.Cancelled => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.Help,
    };
}
