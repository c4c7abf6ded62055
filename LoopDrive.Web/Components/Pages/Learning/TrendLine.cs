using System.Globalization;
using LoopDrive.Contracts.Learning;

namespace LoopDrive.Web.Components.Pages.Learning;

/// <summary>
/// A win-rate trend as SVG geometry: the posterior mean per day as a line and its 90 % interval as a
/// band around it, over the page's date range, on a y scale shared by the rows so they compare.
/// </summary>
public sealed record TrendLine(string Mean, string Band, IReadOnlyList<(double X, double Y)> Points, double Width, double Height)
{
    public static TrendLine From(IReadOnlyList<ArmDay> days, DateOnly from, DateOnly to, double yMax, double width = 160, double height = 36)
    {
        var span = Math.Max(1, to.DayNumber - from.DayNumber);
        var top = yMax <= 0 ? 1 : yMax;
        double X(DateOnly d) => Math.Round(Math.Clamp(d.DayNumber - from.DayNumber, 0, span) * width / span, 1);
        double Y(double rate) => Math.Round(height - Math.Clamp(rate / top, 0, 1) * height, 1);
        var ordered = days.OrderBy(d => d.Day).ToList();
        var points = ordered.Select(d => (X(d.Day), Y(d.WinRate))).ToList();
        var upper = ordered.Select(d => Point(X(d.Day), Y(d.High)));
        var lower = ordered.AsEnumerable().Reverse().Select(d => Point(X(d.Day), Y(d.Low)));
        return new TrendLine(string.Join(' ', points.Select(p => Point(p.Item1, p.Item2))), string.Join(' ', upper.Concat(lower)), points, width, height);
    }

    /// <summary>The top of the shared y scale: the highest interval bound shown, rounded up to the next tenth, so the bands fit.</summary>
    public static double ScaleTop(IEnumerable<double> highs)
    {
        var max = highs.DefaultIfEmpty(0).Max();
        return Math.Clamp(Math.Ceiling(max * 10) / 10, 0.1, 1);
    }

    private static string Point(double x, double y) => string.Create(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#}");
}
