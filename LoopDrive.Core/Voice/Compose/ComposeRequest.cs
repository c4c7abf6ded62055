using LoopDrive.Contracts.Voice;
using LoopDrive.Core.People;

namespace LoopDrive.Core.Voice.Compose;

/// <summary>A validated compose request. <see cref="Inbound"/> is untrusted customer text; <see cref="Offer"/> and <see cref="Link"/> are decisions of the caller's code.</summary>
public sealed record ComposeInput(
    string? BrandId,
    string Channel,
    string Objective,
    string PersonId,
    ComposeConstraints Constraints,
    string Purpose,
    string? Draft = null,
    string? Inbound = null,
    string? Offer = null,
    string? Link = null,
    int? Seed = null);

/// <summary>What compose answers: a result, or why there is none.</summary>
public abstract record ComposeOutcome
{
    public sealed record Composed(ComposeResult Result) : ComposeOutcome;

    public sealed record PersonNotFound : ComposeOutcome;

    public sealed record BrandNotFound : ComposeOutcome;

    public sealed record NoConsent(ContactDecision Decision) : ComposeOutcome;
}
