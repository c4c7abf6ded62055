using System.Globalization;
using System.Text.Json;

namespace LoopDrive.Web.Components.Pages.Events;

/// <summary>Presentation helpers of the Events pages.</summary>
public static class EventDisplay
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static readonly IReadOnlyList<string> Channels = LoopDrive.Contracts.Budget.BudgetEnums.Channels;

    public static string Json(JsonElement? value) =>
        value is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } v ? JsonSerializer.Serialize(v, Indented) : "—";

    public static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Duration(double? seconds) => seconds switch
    {
        null => "—",
        < 60 => $"{seconds:0} s",
        < 3_600 => $"{seconds / 60:0.#} min",
        < 86_400 => $"{seconds / 3_600:0.#} h",
        _ => $"{seconds / 86_400:0.#} d",
    };

    /// <summary>Comma- or space-separated words as a list; null when none, so the filter is left out.</summary>
    public static IReadOnlyList<string>? Words(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Bucket(DateTimeOffset start, bool hourly) =>
        start.ToUniversalTime().ToString(hourly ? "MM-dd HH:00" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
