using System.Text.RegularExpressions;

namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>
/// Flesch reading ease: 206.835 − 1.015 × words per sentence − 84.6 × syllables per word. Higher
/// is easier; 60–70 is plain English. Syllables are counted by vowel groups with a silent final e.
/// </summary>
public static partial class Readability
{
    [GeneratedRegex(@"[A-Za-z]+(?:'[A-Za-z]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[.!?]+(?:\s|$)|\n{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    public static double FleschReadingEase(string text)
    {
        var words = WordPattern().Matches(text);
        if (words.Count == 0) return 100;
        var sentences = Math.Max(1, SentenceEnd().Matches(text.TrimEnd() + " ").Count);
        var syllables = 0;
        foreach (Match w in words) syllables += Syllables(w.Value);
        var score = 206.835 - 1.015 * ((double)words.Count / sentences) - 84.6 * ((double)syllables / words.Count);
        return Math.Round(Math.Clamp(score, 0, 100), 1);
    }

    /// <summary>Grade levels named in constraints (<c>readingLevel</c>) → the lowest acceptable reading ease.</summary>
    public static double MinimumEaseFor(string? readingLevel) => readingLevel?.Trim().ToLowerInvariant() switch
    {
        "easy" or "simple" or "basic" or "grade_5" or "grade5" or "5th" => 70,
        "standard" or "grade_8" or "grade8" or "8th" or "general" => 60,
        "advanced" or "expert" or "college" or "professional" => 30,
        _ => 45,
    };

    public static int Syllables(string word)
    {
        var w = word.ToLowerInvariant();
        var count = 0;
        var previousVowel = false;
        foreach (var c in w)
        {
            var vowel = c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
            if (vowel && !previousVowel) count++;
            previousVowel = vowel;
        }
        if (w.Length > 2 && w.EndsWith('e') && !w.EndsWith("le", StringComparison.Ordinal) && count > 1) count--;
        return Math.Max(1, count);
    }
}
