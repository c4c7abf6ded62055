namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>
/// What a text is checked against: the brand, the channel, whether it is marketing (compliance
/// wording applies), whether it is the first marketing SMS to the person (opt-out wording
/// required), length limits, the reading level asked for and — when the caller measured it with
/// embeddings — the brand alignment score.
/// </summary>
public sealed record GuardrailContext(
    BrandProfile Brand,
    string Channel,
    bool Marketing = true,
    bool FirstMessage = true,
    int? MaxChars = null,
    int? MinChars = null,
    string? ReadingLevel = null,
    double? Alignment = null,
    string PhoneRegion = "US");
