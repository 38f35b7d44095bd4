using MudBlazor;

namespace MoveCenter.Web.Components.Layout;

public static class MoveCenterTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#2f5d8a", AppbarBackground = "#2f5d8a" },
        PaletteDark = new PaletteDark { Primary = "#7fa8d1" },
    };
}
