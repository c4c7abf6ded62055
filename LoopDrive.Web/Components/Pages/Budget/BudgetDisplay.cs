using System.Globalization;
using MudBlazor;

namespace LoopDrive.Web.Components.Pages.Budget;

/// <summary>Money and status presentation for the Budget pages. Amounts travel as integer cents.</summary>
public static class BudgetDisplay
{
    private static readonly CultureInfo Dollars = CultureInfo.GetCultureInfo("en-US");

    public static string Money(long cents) => (cents / 100m).ToString("C", Dollars);

    public static string Money(double cents) => Money((long)Math.Round(cents));

    public static string Number(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Dollars typed into a form as cents; null when it is not a positive amount.</summary>
    public static long? Cents(decimal? dollars) => dollars is > 0 ? (long)Math.Round(dollars.Value * 100m) : null;

    public static Color StatusColor(string status) => status switch
    {
        "pending_approval" or "draft" => Color.Info,
        "approved" or "executing" => Color.Success,
        "paused" => Color.Warning,
        "rejected" or "cancelled" => Color.Error,
        _ => Color.Default,
    };

    public static Color SeverityColor(string severity) => severity switch
    {
        "critical" or "high" => Color.Error,
        "medium" or "warning" => Color.Warning,
        _ => Color.Info,
    };
}
