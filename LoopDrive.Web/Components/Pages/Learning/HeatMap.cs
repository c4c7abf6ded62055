using System.Globalization;
using LoopDrive.Contracts.Learning;

namespace LoopDrive.Web.Components.Pages.Learning;

/// <summary>One cell of a heatmap: its shade (0–1, none when there is nothing to show), the tooltip text, and whether it is marked as the best.</summary>
public sealed record HeatCell(double? Intensity, string Title, bool Marked = false);

/// <summary>A grid of shaded cells with row and column labels; blank column labels keep a dense axis readable.</summary>
public sealed record HeatMap(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<HeatCell>> Cells)
{
    /// <summary>
    /// The send-time heatmap as weekday rows × hour columns (each recipient's own clock). Shades stretch from the week's lowest
    /// rate to its highest, because rates differ by a few points and an absolute scale would show one colour.
    /// </summary>
    public static HeatMap SendTimes(SendTimeHeatmap view, int windowHours = 2)
    {
        var rates = view.Rates;
        var min = rates.Count == 0 ? 0 : rates.Min();
        var max = rates.Count == 0 ? 0 : rates.Max();
        var rows = new List<IReadOnlyList<HeatCell>>();
        for (var day = 0; day < 7; day++)
        {
            var cells = new List<HeatCell>();
            for (var hour = 0; hour < 24; hour++)
            {
                var h = day * 24 + hour;
                var rate = h < rates.Count ? rates[h] : 0;
                var sends = h < view.Trials.Count ? view.Trials[h] : 0;
                var shade = max > min ? (rate - min) / (max - min) : 0.5;
                var title = $"{LearningDisplay.HourOfWeek(h)} · {LearningDisplay.Percent(rate)} · {LearningDisplay.Number(sends)} sends";
                var inWindow = (h - view.BestStartHourOfWeek + LearningDisplay.HoursPerWeek) % LearningDisplay.HoursPerWeek < windowHours;
                cells.Add(new HeatCell(shade, title, inWindow));
            }
            rows.Add(cells);
        }
        var columns = Enumerable.Range(0, 24).Select(h => h % 3 == 0 ? h.ToString("00", CultureInfo.InvariantCulture) : string.Empty).ToList();
        return new HeatMap(LearningDisplay.Weekdays, columns, rows);
    }

    /// <summary>
    /// Topic weights as topic rows × day columns over [<paramref name="from"/>, <paramref name="to"/>]. The
    /// topics whose latest weight is highest come first (at most <paramref name="topics"/>); a day on which a
    /// topic's weight did not change stays blank, since the history only records days the loop touched it.
    /// </summary>
    public static HeatMap Topics(IReadOnlyList<TopicWeightPoint> points, DateOnly from, DateOnly to, bool workspace, int topics = 12)
    {
        var byTopic = points.GroupBy(p => p.Topic, StringComparer.Ordinal)
            .Select(g => (Topic: g.Key, Days: g.ToDictionary(p => p.Day), Latest: g.MaxBy(p => p.Day)!.Weight))
            .OrderByDescending(t => t.Latest).ThenBy(t => t.Topic, StringComparer.Ordinal).Take(topics).ToList();
        var days = Enumerable.Range(0, Math.Max(0, to.DayNumber - from.DayNumber) + 1).Select(from.AddDays).ToList();
        // About eight labels whatever the range, always including the last day.
        var every = Math.Max(1, days.Count / 8);
        var columns = days.Select((d, i) => i % every == 0 || i == days.Count - 1 ? LearningDisplay.Day(d) : string.Empty).ToList();
        var rows = byTopic.Select(t => (IReadOnlyList<HeatCell>)[.. days.Select(d => t.Days.TryGetValue(d, out var p)
            ? new HeatCell(Math.Clamp(p.Weight, 0, 1), TopicTitle(p, workspace))
            : new HeatCell(null, $"{t.Topic} · {LearningDisplay.Day(d)} · unchanged"))]).ToList();
        return new HeatMap([.. byTopic.Select(t => t.Topic)], columns, rows);
    }

    private static string TopicTitle(TopicWeightPoint p, bool workspace) =>
        workspace
            ? string.Create(CultureInfo.InvariantCulture, $"{p.Topic} · {LearningDisplay.Day(p.Day)} · mean weight {p.Weight:0.00} over {p.People} people")
            : string.Create(CultureInfo.InvariantCulture, $"{p.Topic} · {LearningDisplay.Day(p.Day)} · weight {p.Weight:0.00}");
}
