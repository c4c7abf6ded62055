using System.Text.RegularExpressions;

namespace LoopDrive.Core.Sends;

/// <summary>
/// Reads an inbound reply for an opt-out, an opt-in or a help request: the carrier keywords as the
/// whole message (case and punctuation ignored), and free-text revocations ("please stop texting
/// me", "unsubscribe me", "don't message me again") anywhere in it.
/// </summary>
public static partial class OptOutParser
{
    public enum Intent { None, OptOut, OptIn, Help }

    private static readonly HashSet<string> StopWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"];
    private static readonly HashSet<string> StartWords = ["START", "UNSTOP", "YES", "SUBSCRIBE"];
    private static readonly HashSet<string> HelpWords = ["HELP", "INFO"];

    public static Intent Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Intent.None;
        var word = Keyword().Replace(text, "").ToUpperInvariant();
        if (StopWords.Contains(word)) return Intent.OptOut;
        if (StartWords.Contains(word)) return Intent.OptIn;
        if (HelpWords.Contains(word)) return Intent.Help;
        return FreeText().IsMatch(text) ? Intent.OptOut : Intent.None;
    }

    [GeneratedRegex(@"[\s\p{P}]+")]
    private static partial Regex Keyword();

    [GeneratedRegex(
        @"\b(stop|quit|cease)\s+(texting|messaging|emailing|contacting|sending|spamming|calling)\b" +
        @"|\b(unsubscribe|remove)\s+me\b" +
        @"|\b(do\s*n[o']?t|never|no\s+more)\s+(text|message|email|contact|send|dm)\w*\s+(me|us)\b" +
        @"|\bopt\s*(me\s+)?out\b" +
        @"|\btake\s+me\s+off\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FreeText();
}
