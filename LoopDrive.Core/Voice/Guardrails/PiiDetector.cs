using System.Text.RegularExpressions;
using PhoneNumbers;

namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>A piece of personal data found in a text: its kind and where it is.</summary>
public sealed record PiiMatch(string Kind, int Start, int Length);

/// <summary>
/// Emails, phone numbers (libphonenumber, so formats of every region are recognised), payment card
/// numbers (13–19 digits that pass the Luhn check — random digit runs do not) and national id
/// patterns (US SSN, UK National Insurance number).
/// </summary>
public static partial class PiiDetector
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b(?:\d[ -]?){12,18}\d\b", RegexOptions.CultureInvariant)]
    private static partial Regex CardCandidate();

    [GeneratedRegex(@"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex UsSsn();

    [GeneratedRegex(@"\b(?![DFIQUV])[A-CEGHJ-PR-TW-Z](?![DFIQUVO])[A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", RegexOptions.CultureInvariant)]
    private static partial Regex UkNino();

    public static IReadOnlyList<PiiMatch> Find(string text, string defaultRegion = "US")
    {
        var found = new List<PiiMatch>();
        foreach (Match m in EmailPattern().Matches(text)) found.Add(new("email", m.Index, m.Length));
        foreach (Match m in CardCandidate().Matches(text))
        {
            if (Luhn(m.Value)) found.Add(new("card_number", m.Index, m.Length));
        }
        foreach (Match m in UsSsn().Matches(text)) found.Add(new("national_id", m.Index, m.Length));
        foreach (Match m in UkNino().Matches(text)) found.Add(new("national_id", m.Index, m.Length));
        // Cards and ids are digit runs too; a phone match inside one of them is the same finding.
        foreach (var phone in Phones.FindNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
        {
            if (!found.Any(f => Overlaps(f, phone.Start, phone.Length)))
                found.Add(new("phone", phone.Start, phone.Length));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>The Luhn mod-10 check over the digits of <paramref name="candidate"/>.</summary>
    public static bool Luhn(string candidate)
    {
        var sum = 0;
        var digits = 0;
        var doubleIt = false;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (c is ' ' or '-') continue;
            if (c is < '0' or > '9') return false;
            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            digits++;
            doubleIt = !doubleIt;
        }
        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    private static bool Overlaps(PiiMatch a, int start, int length) => a.Start < start + length && start < a.Start + a.Length;
}
