using LoopDrive.Core.Common;

namespace LoopDrive.Core.Voice;

/// <summary>
/// How a workspace sounds: tone, audience, words to use and avoid, what may never be said, which
/// links may appear and what each channel must carry. Compose, guardrails and alignment read it.
/// </summary>
public sealed class Brand : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }
    public string Tone { get; set; } = "friendly";
    public string? Audience { get; set; }
    public List<string> PreferredVocabulary { get; set; } = [];
    public List<string> AvoidVocabulary { get; set; } = [];
    public List<string> BannedPhrases { get; set; } = [];
    public List<string> Competitors { get; set; } = [];
    /// <summary>Channel → disclaimer text that every message on that channel must contain (jsonb object).</summary>
    public string RequiredDisclaimers { get; set; } = "{}";
    public List<string> AllowedLinkDomains { get; set; } = [];
    public List<string> Exemplars { get; set; } = [];
    /// <summary>Exactly one brand per workspace is the default (a partial unique index enforces it).</summary>
    public bool IsDefault { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
