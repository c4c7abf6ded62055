using System.Globalization;

namespace LoopDrive.Web.Components.Shared;

/// <summary>Human-readable numbers for tables: ages, counts and timestamps.</summary>
public static class DisplayFormat
{
    /// <summary>An age in milliseconds as "—" (none), "850 ms", "12.3 s", "4 min 3 s" or "2 h 5 min".</summary>
    public static string Age(long milliseconds) => milliseconds switch
    {
        <= 0 => "—",
        < 1_000 => $"{milliseconds} ms",
        < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000.0:0.0} s"),
        < 3_600_000 => $"{milliseconds / 60_000} min {milliseconds % 60_000 / 1000} s",
        _ => $"{milliseconds / 3_600_000} h {milliseconds % 3_600_000 / 60_000} min",
    };

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string Milliseconds(double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:0.0} ms");
}
