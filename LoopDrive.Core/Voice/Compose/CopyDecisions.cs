namespace LoopDrive.Core.Voice.Compose;

/// <summary>
/// What code decides, never the model: the one link, the one offer, emoji, length and the
/// compliance wording a channel requires.
/// </summary>
public sealed record CopyDecisions(
    string Channel,
    string? Link,
    string? Offer,
    bool IncludeEmoji,
    int MaxChars,
    bool Marketing,
    bool FirstMessage,
    string? Disclaimer);
