using Bunit;
using MudBlazor;
using MudBlazor.Services;

namespace MoveCenter.Web.Tests.Components;

/// <summary>bUnit with MudBlazor: loose JS interop, Mud services, and a popover provider for tables, selects and menus.</summary>
public abstract class MudTestContext : BunitContext
{
    protected MudTestContext()
    {
        // bUnit gives up a WaitFor after one second by default: a page that loads from SQLite on a loaded machine can take
        // longer, and the waits are for a render to happen, not a measure of how fast it happens.
        DefaultWaitTimeout = Eventually.DefaultTimeout;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Renders as a circuit does, interactively: the layout reads that to mark the page ready for clicks.</summary>
    protected IRenderedComponent<T> RenderOverCircuit<T>() where T : Microsoft.AspNetCore.Components.IComponent
    {
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Render<T>();
    }

    protected IRenderedComponent<MudPopoverProvider> RenderPopoverProvider() => Render<MudPopoverProvider>();

    /// <summary>Picks a value in a select as a person does: open it, click the value in the popover.</summary>
    protected static void Choose(IRenderedComponent<MudSelect<string>> select, IRenderedComponent<MudPopoverProvider> popovers, string value)
    {
        select.Find("div.mud-input-control").MouseDown();
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == value).Click());
    }
}
