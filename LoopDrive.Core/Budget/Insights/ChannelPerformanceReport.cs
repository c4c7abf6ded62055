using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget.Insights;

/// <summary>Daily points for one channel, per-day trend slopes of cost and return figures, and day-of-week seasonality.</summary>
public sealed class ChannelPerformanceReport(LoopDriveDbContext db)
{
    public async Task<ChannelPerformanceHistory> HandleAsync(string workspaceId, string channel, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = await db.ChannelPerformance.AsNoTracking().IgnoreQueryFilters()
            .Where(d => d.WorkspaceId == workspaceId && d.Channel == channel && d.Day >= from && d.Day <= to)
            .OrderBy(d => d.Day).ToListAsync(cancellationToken);
        var recent = await db.BudgetAllocations.AsNoTracking().IgnoreQueryFilters()
            .Where(a => a.WorkspaceId == workspaceId).OrderByDescending(a => a.CreatedAt).Take(20)
            .Select(a => a.Allocations).ToListAsync(cancellationToken);
        var objective = recent.Select(json => ObjectiveOf(json, channel)).FirstOrDefault(o => o is not null) ?? "nurture";
        var points = days.Select(d => new PerformancePoint(d.Day.ToString("yyyy-MM-dd"), d.Spend, d.Impressions, d.Clicks, d.Conversions, d.Revenue,
            Ratio(d.Clicks, d.Impressions), Ratio(d.Conversions, d.Clicks), Ratio(d.Revenue, d.Spend))).ToList();

        var trends = new PerformanceTrends(
            Slope(days, d => d.Impressions > 0 ? (double)d.Spend / d.Impressions : null),
            Slope(days, d => d.Clicks > 0 ? (double)d.Spend / d.Clicks : null),
            Slope(days, d => d.Conversions > 0 ? d.Spend / d.Conversions : null),
            Slope(days, d => d.Clicks > 0 ? d.Conversions / d.Clicks : null),
            Slope(days, d => d.Spend > 0 ? (double)d.Revenue / d.Spend : null));

        Dictionary<string, double>? seasonality = null;
        var mean = days.Count > 0 ? days.Average(d => d.Conversions) : 0;
        if (days.Count >= 14 && mean > 0)
            seasonality = days.GroupBy(d => d.Day.DayOfWeek).ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g => Math.Round(g.Average(d => d.Conversions) / mean, 3));

        return new ChannelPerformanceHistory(channel, objective, points, trends, seasonality);
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : 0;

    /// <summary>Least-squares slope per day over the days where the figure is defined.</summary>
    private static double Slope(List<ChannelPerformanceDay> days, Func<ChannelPerformanceDay, double?> figure)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var d in days)
            if (figure(d) is { } y) { xs.Add(d.Day.DayNumber); ys.Add(y); }
        if (xs.Count < 2) return 0;
        var mx = xs.Average();
        var my = ys.Average();
        var den = xs.Sum(x => (x - mx) * (x - mx));
        return den == 0 ? 0 : Math.Round(xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum() / den, 6);
    }

    private static string? ObjectiveOf(string allocationsJson, string channel)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(allocationsJson);
        foreach (var c in doc.RootElement.EnumerateArray())
            if (c.GetProperty("channel").GetString() == channel) return c.GetProperty("objective").GetString();
        return null;
    }
}
