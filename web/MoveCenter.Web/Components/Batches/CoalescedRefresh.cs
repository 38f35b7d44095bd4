namespace MoveCenter.Web.Components.Batches;

/// <summary>
/// Reads a page's data again once for a burst of changes (every move of a batch reporting progress), and once more if
/// changes came while it read, so the last change of a burst is never missed. Called on the component's renderer
/// (inside InvokeAsync), which runs one piece at a time, so plain fields suffice.
/// </summary>
public sealed class CoalescedRefresh(Func<Task> refresh)
{
    private bool _running;
    private bool _again;

    public async Task RequestAsync()
    {
        if (_running)
        {
            _again = true;
            return;
        }
        _running = true;
        try
        {
            do
            {
                _again = false;
                await refresh();
            }
            while (_again);
        }
        finally
        {
            _running = false;
        }
    }
}
