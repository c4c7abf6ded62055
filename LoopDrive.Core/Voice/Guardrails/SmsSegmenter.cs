using LoopDrive.Contracts.Voice;

namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>
/// SMS length as carriers bill it (3GPP TS 23.038): GSM-7 fits 160 characters in one segment and
/// 153 per segment when concatenated, and the extension-table characters cost two; any character
/// outside GSM-7 switches the whole message to UCS-2, 70 / 67 UTF-16 units per segment — so a
/// single emoji more than halves the budget.
/// </summary>
public static class SmsSegmenter
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    public static SmsSegments Count(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            if (BasicSet.Contains(c)) septets += 1;
            else if (ExtensionSet.Contains(c)) septets += 2;
            else return Ucs2(text);
        }
        var perSegment = septets <= 160 ? 160 : 153;
        var segments = septets == 0 ? 0 : septets <= 160 ? 1 : (septets + 152) / 153;
        return new SmsSegments("gsm7", septets, segments, perSegment);
    }

    /// <summary>Parts a send is billed for: an empty body still goes out as one.</summary>
    public static int BilledParts(string text) => Math.Max(1, Count(text).Segments);

    private static SmsSegments Ucs2(string text)
    {
        var units = text.Length;
        var perSegment = units <= 70 ? 70 : 67;
        var segments = units <= 70 ? 1 : (units + 66) / 67;
        return new SmsSegments("ucs2", units, segments, perSegment);
    }
}
