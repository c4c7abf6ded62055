using System.Globalization;

namespace LoopDrive.Web.Components.Pages.Learning;

/// <summary>How the learning pages write rates, intervals, hours of the week and gaps.</summary>
public static class LearningDisplay
{
    /// <summary>Weekday names in hour-of-week order: the API's hour 0 is Monday 00:00 in each recipient's own clock.</summary>
    public static readonly IReadOnlyList<string> Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    public const int HoursPerWeek = 168;

    /// <summary>A rate as a percentage with one decimal: 0.1234 → "12.3 %".</summary>
    public static string Percent(double rate) => string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0.0} %");

    /// <summary>A 90 % interval as "8.1–17.0 %".</summary>
    public static string Interval(double low, double high) =>
        string.Create(CultureInfo.InvariantCulture, $"{low * 100:0.0}–{high * 100:0.0} %");

    /// <summary>A lift over the average as "+23 %" or "−5 %".</summary>
    public static string Lift(double lift) =>
        lift >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"+{lift * 100:0} %")
            : string.Create(CultureInfo.InvariantCulture, $"−{-lift * 100:0} %");

    /// <summary>An hour of the week as "Tue 19:00".</summary>
    public static string HourOfWeek(int hourOfWeek)
    {
        var h = ((hourOfWeek % HoursPerWeek) + HoursPerWeek) % HoursPerWeek;
        return string.Create(CultureInfo.InvariantCulture, $"{Weekdays[h / 24]} {h % 24:00}:00");
    }

    /// <summary>The two-hour window starting at <paramref name="startHourOfWeek"/>, as "Tue 19:00–21:00" (the end wraps past midnight and Sunday).</summary>
    public static string Window(int startHourOfWeek, int hours = 2)
    {
        var end = (startHourOfWeek + hours) % HoursPerWeek;
        return string.Create(CultureInfo.InvariantCulture, $"{HourOfWeek(startHourOfWeek)}–{end % 24:00}:00");
    }

    /// <summary>A gap between messages: whole days from two days up, hours below.</summary>
    public static string Gap(double hours) =>
        hours >= 48
            ? string.Create(CultureInfo.InvariantCulture, $"{hours / 24:0.#} days")
            : string.Create(CultureInfo.InvariantCulture, $"{hours:0} h");

    public static string Number(double value) =>
        value == Math.Floor(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N1", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("MMM d", CultureInfo.InvariantCulture);
}
