using System.Text;
using LoopDrive.Contracts.Voice;

namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>
/// Every guardrail of the brand voice in one synchronous pass (no I/O, so it runs inside compose
/// for every variant and live as a user types): PII with a redacted copy, profanity, toxicity,
/// spam, banned and competitor words, links, length and SMS segments, readability, brand
/// alignment, sentiment and compliance wording. Blocking findings make the text unsafe.
/// </summary>
public static class GuardrailEngine
{
    public static GuardrailCheck Check(string text, GuardrailContext context)
    {
        var scan = new TextScan(text);
        var findings = new List<GuardrailFinding>();
        var masks = new List<(int Start, int Length, string Replacement)>();
        var brand = context.Brand;

        var pii = PiiDetector.Find(text, context.PhoneRegion);
        foreach (var p in pii)
        {
            findings.Add(new(GuardrailCodes.Pii, true, $"Contains personal data ({p.Kind.Replace('_', ' ')}).", p.Start, p.Length));
            masks.Add((p.Start, p.Length, "[" + p.Kind.ToUpperInvariant() + "]"));
        }

        foreach (var (word, start, length) in scan.Words)
        {
            if (WordLists.Profanity.ContainsKey(word))
            {
                findings.Add(new(GuardrailCodes.Profanity, true, $"Profanity: \"{text.Substring(start, length)}\".", start, length));
                masks.Add((start, length, new string('*', length)));
            }
        }

        var toxicWeight = 0.0;
        foreach (var (phrase, weight) in WordLists.Toxic)
        {
            foreach (var (start, length) in scan.Find(phrase))
            {
                toxicWeight += weight;
                findings.Add(new(GuardrailCodes.Toxicity, false, $"Hostile wording: \"{text.Substring(start, length)}\".", start, length));
            }
        }
        foreach (var (word, _, _) in scan.Words)
        {
            if (WordLists.Profanity.TryGetValue(word, out var severity)) toxicWeight += severity * 0.5;
        }
        // Weight per 20 words, saturating: one insult in a short message is already toxic.
        var toxicity = Math.Round(Math.Min(1, toxicWeight / Math.Max(1, scan.Words.Count / 20.0)), 3);
        if (toxicity >= GuardrailThresholds.ToxicityBlock)
        {
            for (var i = 0; i < findings.Count; i++)
            {
                if (findings[i].Code == GuardrailCodes.Toxicity) findings[i] = findings[i] with { Blocking = true };
            }
            if (!findings.Any(f => f.Code == GuardrailCodes.Toxicity))
                findings.Add(new(GuardrailCodes.Toxicity, true, $"Toxicity {toxicity:0.00} is at or above {GuardrailThresholds.ToxicityBlock}."));
        }

        foreach (var phrase in brand.BannedPhrases)
        {
            foreach (var (start, length) in scan.Find(phrase))
                findings.Add(new(GuardrailCodes.ForbiddenWord, true, $"Banned phrase: \"{text.Substring(start, length)}\".", start, length));
        }
        foreach (var phrase in brand.AvoidVocabulary)
        {
            foreach (var (start, length) in scan.Find(phrase))
                findings.Add(new(GuardrailCodes.ForbiddenWord, false, $"The brand avoids \"{text.Substring(start, length)}\".", start, length));
        }
        foreach (var competitor in brand.Competitors)
        {
            foreach (var (start, length) in scan.Find(competitor))
                findings.Add(new(GuardrailCodes.CompetitorMention, true, $"Names a competitor: \"{text.Substring(start, length)}\".", start, length));
        }

        var links = LinkScanner.Find(text);
        foreach (var link in links)
        {
            if (LinkScanner.Problem(link, brand.AllowedLinkDomains) is { } problem)
                findings.Add(new(GuardrailCodes.LinkValidation, true, $"Link {problem}: {link.Host ?? link.Url}.", link.Start, link.Length));
        }

        var spam = SpamScore(scan, links.Count);
        if (spam >= GuardrailThresholds.SpamBlock)
            findings.Add(new(GuardrailCodes.SpamScore, true, $"Spam score {spam:0.00} is at or above {GuardrailThresholds.SpamBlock}."));
        else if (spam >= GuardrailThresholds.SpamWarn)
            findings.Add(new(GuardrailCodes.SpamScore, false, $"Spam score {spam:0.00} is elevated."));
        foreach (var (phrase, _) in WordLists.SpamTriggers)
        {
            foreach (var (start, length) in scan.Find(phrase))
                findings.Add(new(GuardrailCodes.SpamScore, false, $"Spam trigger: \"{text.Substring(start, length)}\".", start, length));
        }

        SmsSegments? sms = null;
        var maxChars = context.MaxChars ?? GuardrailThresholds.MaxChars(context.Channel);
        if (context.Channel == "sms")
        {
            sms = SmsSegmenter.Count(text);
            var allowedSegments = context.MaxChars is { } m ? Math.Max(1, (m + 159) / 160) : GuardrailThresholds.SmsDefaultMaxSegments;
            if (sms.Segments > allowedSegments)
                findings.Add(new(GuardrailCodes.LengthCheck, true,
                    $"{sms.Segments} SMS segments ({sms.Encoding}, {sms.Characters} characters at {sms.PerSegment} per segment); at most {allowedSegments} allowed."));
        }
        if (text.Length > maxChars)
            findings.Add(new(GuardrailCodes.LengthCheck, true, $"{text.Length} characters; at most {maxChars} allowed.", maxChars, text.Length - maxChars));
        if (context.MinChars is { } min && text.Length < min)
            findings.Add(new(GuardrailCodes.LengthCheck, true, $"{text.Length} characters; at least {min} required."));

        var ease = Readability.FleschReadingEase(text);
        var minEase = Readability.MinimumEaseFor(context.ReadingLevel);
        if (ease < minEase)
            findings.Add(new(GuardrailCodes.Readability, false, $"Reading ease {ease:0} is below {minEase:0}: use shorter sentences and words."));

        var alignment = context.Alignment ?? LexicalAlignment(scan, brand);
        if (alignment < GuardrailThresholds.AlignmentWarn)
            findings.Add(new(GuardrailCodes.BrandAlignment, false, $"Brand alignment {alignment:0.00} is below {GuardrailThresholds.AlignmentWarn}."));

        var sentiment = Sentiment(scan);
        if (sentiment < GuardrailThresholds.SentimentWarn)
            findings.Add(new(GuardrailCodes.SentimentCheck, false, $"The tone reads negative ({sentiment:0.00})."));

        var complianceIssues = ComplianceIssues(scan, context);
        foreach (var issue in complianceIssues) findings.Add(new(GuardrailCodes.Compliance, true, issue));

        var violations = findings.Where(f => f.Blocking).Select(f => f.Code).Distinct().ToList();
        var warnings = findings.Where(f => !f.Blocking).Select(f => f.Code).Distinct().Where(c => !violations.Contains(c)).ToList();
        return new GuardrailCheck(
            violations.Count == 0,
            violations,
            masks.Count == 0 ? null : Redact(text, masks),
            new GuardrailDetails(toxicity, pii.Count == 0 ? null : [.. pii.Select(p => p.Kind).Distinct()],
                complianceIssues.Count == 0 ? null : complianceIssues, spam, ease, Math.Round(alignment, 3), sentiment),
            findings,
            sms,
            warnings);
    }

    /// <summary>Trigger phrases, shouting, runs of punctuation and many links, summed and capped at 1.</summary>
    internal static double SpamScore(TextScan scan, int linkCount)
    {
        var score = 0.0;
        foreach (var (phrase, weight) in WordLists.SpamTriggers)
        {
            foreach (var _ in scan.Find(phrase)) score += weight;
        }
        if (scan.Letters >= 20)
        {
            var caps = (double)scan.Upper / scan.Letters;
            if (caps > 0.3) score += Math.Min(0.4, (caps - 0.3) * 1.0 + 0.1);
        }
        var exclamations = scan.Text.Count(c => c == '!');
        if (exclamations > 2) score += Math.Min(0.3, 0.05 * (exclamations - 2));
        if (scan.Text.Contains("!!", StringComparison.Ordinal) || scan.Text.Contains("??", StringComparison.Ordinal) || scan.Text.Contains("$$", StringComparison.Ordinal)) score += 0.1;
        if (linkCount > 2) score += 0.1 * (linkCount - 2);
        return Math.Round(Math.Min(1, score), 3);
    }

    /// <summary>
    /// The rule half of brand alignment: preferred vocabulary raises it, avoided and banned words
    /// and competitor names lower it, and tone markers (emoji and exclamations in a professional
    /// voice) cost a little. The compose path replaces it with the embedding-based score.
    /// </summary>
    public static double LexicalAlignment(string text, BrandProfile brand) => LexicalAlignment(new TextScan(text), brand);

    internal static double LexicalAlignment(TextScan scan, BrandProfile brand)
    {
        var score = 0.6;
        score += Math.Min(3, brand.PreferredVocabulary.Count(p => scan.Find(p).Any())) * 0.1;
        score -= brand.AvoidVocabulary.Count(p => scan.Find(p).Any()) * 0.15;
        score -= brand.BannedPhrases.Count(p => scan.Find(p).Any()) * 0.25;
        score -= brand.Competitors.Count(p => scan.Find(p).Any()) * 0.2;
        if (brand.Tone is "professional" or "authoritative" or "technical")
        {
            if (scan.Text.Count(c => c == '!') > 1) score -= 0.1;
            if (scan.Text.EnumerateRunes().Any(Emoji.IsEmoji)) score -= 0.1;
        }
        return Math.Clamp(score, 0, 1);
    }

    /// <summary>Mean lexicon polarity over the matched words, −1 to 1 (0 when nothing matches).</summary>
    internal static double Sentiment(TextScan scan)
    {
        var sum = 0.0;
        var hits = 0;
        foreach (var (word, _, _) in scan.Words)
        {
            if (WordLists.Sentiment.TryGetValue(word, out var polarity))
            {
                sum += polarity;
                hits++;
            }
        }
        return hits == 0 ? 0 : Math.Round(sum / hits, 3);
    }

    private static List<string> ComplianceIssues(TextScan scan, GuardrailContext context)
    {
        var issues = new List<string>();
        if (context.Marketing && context.Channel == "sms" && context.FirstMessage
            && !WordLists.SmsOptOut.Any(o => scan.Lower.Contains(o, StringComparison.Ordinal)))
            issues.Add("The first marketing SMS must tell the recipient how to opt out (e.g. \"Reply STOP to opt out\").");
        if (context.Marketing && context.Channel == "email" && !scan.Text.Contains(WordLists.UnsubscribePlaceholder, StringComparison.Ordinal))
            issues.Add($"Marketing email must carry the unsubscribe footer placeholder {WordLists.UnsubscribePlaceholder}.");
        if (context.Brand.RequiredDisclaimers.TryGetValue(context.Channel, out var disclaimer)
            && !scan.Lower.Contains(disclaimer.Trim().ToLowerInvariant(), StringComparison.Ordinal))
            issues.Add($"The brand requires this disclaimer on {context.Channel}: \"{disclaimer}\".");
        return issues;
    }

    private static string Redact(string text, List<(int Start, int Length, string Replacement)> masks)
    {
        var builder = new StringBuilder(text.Length);
        var at = 0;
        foreach (var (start, length, replacement) in masks.OrderBy(m => m.Start))
        {
            if (start < at) continue;
            builder.Append(text, at, start - at).Append(replacement);
            at = start + length;
        }
        return builder.Append(text, at, text.Length - at).ToString();
    }
}
