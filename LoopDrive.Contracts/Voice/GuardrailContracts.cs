namespace LoopDrive.Contracts.Voice;

public sealed record GuardrailRequest(string? Text, string? Channel, string? BrandId, string? Objective = null, bool? Marketing = null, bool? FirstMessage = null);

/// <summary>
/// CONTRACT.md §4 GuardrailCheck plus our additions: <c>findings</c> (each violation with its
/// offending span, for highlighting) and <c>sms</c> (segment arithmetic).
/// </summary>
public sealed record GuardrailCheck(
    bool Safe,
    IReadOnlyList<string> Violations,
    string? Redacted,
    GuardrailDetails? Details,
    IReadOnlyList<GuardrailFinding>? Findings = null,
    SmsSegments? Sms = null,
    IReadOnlyList<string>? Warnings = null);

public sealed record GuardrailDetails(
    double? Toxicity = null,
    IReadOnlyList<string>? PiiDetected = null,
    IReadOnlyList<string>? ComplianceIssues = null,
    double? SpamScore = null,
    double? Readability = null,
    double? BrandAlignment = null,
    double? Sentiment = null);

/// <summary>One finding: its GuardrailCode, whether it blocks, what was found and where (UTF-16 offsets into the text).</summary>
public sealed record GuardrailFinding(string Code, bool Blocking, string Message, int? Start = null, int? Length = null);

/// <summary>GSM-7 or UCS-2, how many characters, how many segments and the per-segment budget.</summary>
public sealed record SmsSegments(string Encoding, int Characters, int Segments, int PerSegment);
