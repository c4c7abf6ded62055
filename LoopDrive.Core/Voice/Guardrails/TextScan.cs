namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>One pass over a text's words (lower-cased, with offsets) plus whole-phrase lookup, shared by every check.</summary>
internal sealed class TextScan
{
    public string Text { get; }
    public string Lower { get; }
    public List<(string Word, int Start, int Length)> Words { get; } = [];
    public int Letters { get; }
    public int Upper { get; }

    public TextScan(string text)
    {
        Text = text;
        Lower = text.ToLowerInvariant();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] == '\'' && start >= 0));
            if (i < text.Length && char.IsLetter(text[i]))
            {
                Letters++;
                if (char.IsUpper(text[i])) Upper++;
            }
            if (isWord && start < 0) start = i;
            else if (!isWord && start >= 0)
            {
                Words.Add((Lower.Substring(start, i - start), start, i - start));
                start = -1;
            }
        }
    }

    /// <summary>Every whole-word occurrence of <paramref name="phrase"/> (case-insensitive).</summary>
    public IEnumerable<(int Start, int Length)> Find(string phrase)
    {
        var needle = phrase.Trim().ToLowerInvariant();
        if (needle.Length == 0) yield break;
        var at = 0;
        while ((at = Lower.IndexOf(needle, at, StringComparison.Ordinal)) >= 0)
        {
            var before = at == 0 || !char.IsLetterOrDigit(Lower[at - 1]);
            var end = at + needle.Length;
            var after = end >= Lower.Length || !char.IsLetterOrDigit(Lower[end]) || !char.IsLetterOrDigit(needle[^1]);
            if (before && after) yield return (at, needle.Length);
            at = end;
        }
    }
}
