using System.Text.RegularExpressions;
using LoopDrive.Core.Voice.Compose;
using LoopDrive.Core.Voice.Guardrails;

namespace LoopDrive.Core.Voice;

/// <summary>
/// The part of a message that carries the brand's voice, which is what alignment embeds: the
/// compliance wording LoopDrive appends (opt-out, email footer, the brand's required
/// disclaimers), links and quoted words (a person's own words, a testimonial) are not the brand
/// speaking, and the first <see cref="MaxWords"/> words set its tone. A shorter sample is also a
/// much cheaper embedding, which keeps compose fast.
/// </summary>
public static partial class VoiceSample
{
    /// <summary>MiniLM was trained on sequences of 128 word pieces; 64 words stay inside that.</summary>
    public const int MaxWords = 64;

    [GeneratedRegex("\"[^\"\\n]{1,400}\"|\u201C[^\u201D\\n]{1,400}\u201D", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    public static string Of(string text, BrandProfile brand)
    {
        var sample = text
            .Replace(CopyFinisher.EmailFooter, " ", StringComparison.Ordinal)
            .Replace(CopyFinisher.SmsOptOut, " ", StringComparison.Ordinal)
            .Replace(WordLists.UnsubscribePlaceholder, " ", StringComparison.Ordinal);
        foreach (var disclaimer in brand.RequiredDisclaimers.Values.Where(d => d.Length > 0))
            sample = sample.Replace(disclaimer, " ", StringComparison.Ordinal);
        foreach (var link in LinkScanner.Find(sample).OrderByDescending(l => l.Start))
            sample = sample.Remove(link.Start, link.Length);
        sample = Quoted().Replace(sample, " ");

        var words = Spaces().Split(sample.Trim());
        var kept = words.Length > MaxWords ? words.AsSpan(0, MaxWords).ToArray() : words;
        var result = string.Join(' ', kept).Trim();
        // A message that is all compliance wording or quotes still gets compared as written.
        return result.Length == 0 ? text : result;
    }
}
