using MudBlazor;

namespace LoopDrive.Web.Components.Layout;

/// <summary>Light theme around the brand's teal; the font stack avoids any web-font download.</summary>
public static class DashboardTheme
{
    public const string BrandColor = "#0f766e";

    public static readonly MudTheme Light = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = BrandColor,
            PrimaryDarken = "#115e59",
            PrimaryLighten = "#14b8a6",
            // Secondary doubles as the muted text and chip colour, so it is a quiet slate.
            Secondary = "#64748b",
            Tertiary = "#7c3aed",
            AppbarBackground = BrandColor,
            AppbarText = "#ffffff",
            Background = "#f6f8f9",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#334155",
            DrawerIcon = "#475569",
            TextPrimary = "#0f172a",
            TextSecondary = "#475569",
            Success = "#15803d",
            Warning = "#d97706",
            Error = "#dc2626",
            Info = "#0284c7",
            LinesDefault = "#e2e8f0",
            TableLines = "#e2e8f0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
            DrawerWidthLeft = "248px",
        },
    };
}
