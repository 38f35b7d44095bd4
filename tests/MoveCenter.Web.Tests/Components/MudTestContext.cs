using Bunit;
using MudBlazor;
using MudBlazor.Services;

namespace MoveCenter.Web.Tests.Components;

/// <summary>bUnit with MudBlazor: loose JS interop, Mud services, and a popover provider for tables, selects and menus.</summary>
public abstract class MudTestContext : BunitContext
{
    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected void RenderPopoverProvider() => Render<MudPopoverProvider>();
}
