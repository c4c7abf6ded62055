using System.Text;
using System.Text.RegularExpressions;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice.Guardrails;
using LoopDrive.Core.Voice.Prompts;

namespace LoopDrive.Core.Voice.Compose;

/// <summary>
/// Turns a writer's wording into the message that is sent. The writer (model or template) only
/// chooses words: any link, offer claim or contact detail it wrote on its own is dropped with its
/// sentence, the placeholders become the link and offer code decided, emoji go when not allowed,
/// compliance wording is appended, and the body is cut at a sentence boundary to fit.
/// </summary>
public static partial class CopyFinisher
{
    public const string SmsOptOut = "Reply STOP to opt out.";
    public const string EmailFooter = "You are receiving this because you opted in. Unsubscribe: " + WordLists.UnsubscribePlaceholder;

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\b\d{1,3}\s?%|\$\s?\d|\b(?:promo|coupon|discount|voucher)\s+code\b|\bfree\s+(?:month|months|year|trial|upgrade|gift|shipping)\b|\b(?:bogo|buy one get one)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OfferClaim();

    public static ComposedMessage Finish(ComposedMessage message, CopyDecisions decisions)
    {
        var subject = message.Subject is null ? null : Clean(message.Subject, decisions, allowLink: false);
        var cta = message.Cta is null ? null : Clean(message.Cta, decisions, allowLink: true);
        var ps = message.Ps is null ? null : Clean(message.Ps, decisions, allowLink: true);
        var body = Clean(message.Body, decisions, allowLink: true);

        if (decisions.Link is { } link && !body.Contains(link, StringComparison.Ordinal))
            body = AppendSentence(body, cta is { Length: > 0 } && !cta.Contains(link, StringComparison.Ordinal) ? cta.TrimEnd('.') + ": " + link : link);

        var suffix = Suffix(decisions);
        body = Fit(body, decisions, suffix);
        if (suffix.Length > 0) body = decisions.Channel == "email" ? body + "\n\n" + suffix : AppendSentence(body, suffix);
        if (decisions.Channel != "email") subject = null;
        if (decisions.Channel is "sms") ps = null;
        return new ComposedMessage(NullIfEmpty(subject), body, NullIfEmpty(cta), NullIfEmpty(ps));
    }

    /// <summary>The full text guardrails read: subject, body and P.S.</summary>
    public static string FullText(ComposedMessage m) =>
        string.Join("\n", new[] { m.Subject, m.Body, m.Ps }.Where(s => !string.IsNullOrWhiteSpace(s)));

    private static string Suffix(CopyDecisions d)
    {
        var parts = new List<string>();
        if (d.Disclaimer is { Length: > 0 } disclaimer) parts.Add(disclaimer);
        if (d.Marketing && d.Channel == "sms" && d.FirstMessage) parts.Add(SmsOptOut);
        if (d.Marketing && d.Channel == "email") parts.Add(EmailFooter);
        return string.Join(d.Channel == "email" ? "\n" : " ", parts);
    }

    private static string Clean(string text, CopyDecisions d, bool allowLink)
    {
        var kept = new List<string>();
        foreach (var raw in SentenceBreak().Split(text))
        {
            var sentence = raw.Trim();
            if (sentence.Length == 0) continue;
            if (LinkScanner.Find(sentence).Count > 0) continue;
            if (PiiDetector.Find(sentence).Count > 0) continue;
            if (OfferClaim().IsMatch(sentence.Replace(PromptSections.OfferPlaceholder, "", StringComparison.Ordinal))
                && !(d.Offer is { } offer && sentence.Contains(offer, StringComparison.OrdinalIgnoreCase)))
                continue;
            if (sentence.Contains(PromptSections.OfferPlaceholder, StringComparison.Ordinal))
            {
                if (d.Offer is null) continue;
                sentence = sentence.Replace(PromptSections.OfferPlaceholder, d.Offer, StringComparison.Ordinal);
            }
            if (sentence.Contains(PromptSections.LinkPlaceholder, StringComparison.Ordinal))
            {
                if (!allowLink || d.Link is null)
                {
                    sentence = sentence.Replace(PromptSections.LinkPlaceholder, "", StringComparison.Ordinal).TrimEnd(' ', ':', '-').Trim();
                    if (sentence.Length == 0) continue;
                    if (!".!?".Contains(sentence[^1])) sentence += ".";
                }
                else
                {
                    sentence = sentence.Replace(PromptSections.LinkPlaceholder, d.Link, StringComparison.Ordinal);
                }
            }
            if (!d.IncludeEmoji) sentence = Emoji.Strip(sentence).Trim();
            if (sentence.Length > 0) kept.Add(sentence);
        }
        // Paragraph breaks were sentence breaks; email keeps a blank line between the greeting and the rest.
        return Join(kept, d.Channel);
    }

    private static string Join(List<string> sentences, string channel)
    {
        if (sentences.Count == 0) return string.Empty;
        if (channel != "email") return string.Join(" ", sentences);
        var builder = new StringBuilder(sentences[0]);
        for (var i = 1; i < sentences.Count; i++)
            builder.Append(i == 1 && sentences[0].EndsWith(',') ? "\n\n" : " ").Append(sentences[i]);
        return builder.ToString();
    }

    /// <summary>Drops trailing sentences until the body plus the compliance suffix fits (characters, and SMS segments).</summary>
    private static string Fit(string body, CopyDecisions d, string suffix)
    {
        bool Fits(string candidate)
        {
            var full = suffix.Length == 0 ? candidate : candidate + " " + suffix;
            if (full.Length > d.MaxChars) return false;
            if (d.Channel != "sms") return true;
            var allowed = Math.Max(1, (d.MaxChars + 159) / 160);
            return SmsSegmenter.Count(full).Segments <= allowed;
        }
        if (Fits(body)) return body;
        var sentences = SentenceBreak().Split(body).Where(s => s.Trim().Length > 0).ToList();
        while (sentences.Count > 1)
        {
            sentences.RemoveAt(sentences.Count - 2 >= 0 && d.Link is { } link && sentences[^1].Contains(link, StringComparison.Ordinal) ? sentences.Count - 2 : sentences.Count - 1);
            var candidate = Join(sentences, d.Channel);
            if (Fits(candidate)) return candidate;
        }
        var budget = Math.Max(1, d.MaxChars - (suffix.Length == 0 ? 0 : suffix.Length + 1) - 1);
        var hard = body.Length > budget ? body[..budget].TrimEnd() + "…" : body;
        while (hard.Length > 2 && !Fits(hard)) hard = hard[..^2].TrimEnd() + "…";
        return hard;
    }

    private static string AppendSentence(string body, string sentence) =>
        body.Length == 0 ? sentence : body.TrimEnd() + (body.TrimEnd().EndsWith('.') || body.TrimEnd().EndsWith('!') || body.TrimEnd().EndsWith('?') ? " " : ". ") + sentence;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
