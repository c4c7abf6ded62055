using LoopDrive.Contracts.Voice;

namespace LoopDrive.Web.Components.Pages.Voice;

/// <summary>Pieces of the brand voice pages that are plain logic: highlighted spans and score formatting.</summary>
public static class VoiceDisplay
{
    /// <summary>A piece of text and, when it is an offending span, the finding's code and whether it blocks.</summary>
    public sealed record Segment(string Text, string? Code, bool Blocking, string? Message);

    /// <summary>Splits <paramref name="text"/> at the findings' spans (overlaps keep the first), so a page can mark them.</summary>
    public static IReadOnlyList<Segment> Segments(string text, IReadOnlyList<GuardrailFinding>? findings)
    {
        var spans = (findings ?? []).Where(f => f.Start is { } s && f.Length is > 0 && s >= 0 && s + f.Length <= text.Length)
            .OrderBy(f => f.Start).ToList();
        var result = new List<Segment>();
        var at = 0;
        foreach (var f in spans)
        {
            var start = f.Start!.Value;
            if (start < at) continue;
            if (start > at) result.Add(new Segment(text[at..start], null, false, null));
            result.Add(new Segment(text.Substring(start, f.Length!.Value), f.Code, f.Blocking, f.Message));
            at = start + f.Length!.Value;
        }
        if (at < text.Length) result.Add(new Segment(text[at..], null, false, null));
        return result;
    }

    public static string Percent(double value) => (value * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    public static string Score(double? value) => value is { } v ? v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
