using System.Text;

namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>Emoji detection by code point block: enough to honour <c>includeEmoji</c> and tone rules.</summary>
public static class Emoji
{
    public static bool IsEmoji(Rune rune)
    {
        var v = rune.Value;
        return v is >= 0x1F300 and <= 0x1FAFF
            or >= 0x2600 and <= 0x27BF
            or >= 0x1F000 and <= 0x1F2FF
            or 0xFE0F or 0x200D;
    }

    public static bool Contains(string text) => text.EnumerateRunes().Any(IsEmoji);

    public static string Strip(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsEmoji(rune)) builder.Append(rune.ToString());
        }
        return builder.ToString().Replace("  ", " ", StringComparison.Ordinal);
    }
}
