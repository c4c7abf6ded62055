using LoopDrive.Contracts.Budget;

namespace LoopDrive.Web.Components.Pages.Budget;

/// <summary>
/// Spend against plan over the dashboard's period: cumulative actual spend per day next to the
/// even pace at which the allocated total would be used up by the period's end.
/// </summary>
public sealed record SpendChart(IReadOnlyList<string> Days, double[] Spent, double[] Planned)
{
    public static SpendChart From(BudgetDashboard dashboard)
    {
        var days = dashboard.Trends.SpendOverTime.Select(d => d.Date).ToList();
        var spent = new double[days.Count];
        var planned = new double[days.Count];
        long running = 0;
        for (var i = 0; i < days.Count; i++)
        {
            running += dashboard.Trends.SpendOverTime[i].Amount;
            // Dollars, so the axis reads like the rest of the page.
            spent[i] = running / 100.0;
            planned[i] = dashboard.Summary.TotalAllocated / 100.0 * (i + 1) / days.Count;
        }

        return new SpendChart(days, spent, planned);
    }
}
