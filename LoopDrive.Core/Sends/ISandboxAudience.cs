namespace LoopDrive.Core.Sends;

/// <summary>
/// The recipients behind the sandbox providers: what a simulated person does after a message
/// reaches them. The sandbox providers turn each reaction into the signed webhook the real
/// provider would deliver, at <see cref="SandboxReaction.After"/> past acceptance. The simulated
/// world (Learning) replaces the default audience to give people hidden preferences.
/// </summary>
public interface ISandboxAudience
{
    IReadOnlyList<SandboxReaction> React(SandboxDelivery delivery);
}

/// <summary>A message the sandbox accepted, with what composition chose (for a world that rewards good copy).</summary>
public sealed record SandboxDelivery(
    string WorkspaceId,
    string SendId,
    string? PersonId,
    string Channel,
    string Recipient,
    string? Subject,
    string Body,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<string> SnippetIds,
    string? PromptVersion);

/// <summary>One thing a recipient does; <see cref="Kind"/> is one of <see cref="SandboxReactions"/>.</summary>
public sealed record SandboxReaction(string Kind, TimeSpan After, string? ReplyText = null, string? Url = null);

public static class SandboxReactions
{
    public const string Delivered = "delivered";
    public const string Open = "open";
    public const string Click = "click";
    public const string Bounce = "bounce";
    public const string Reply = "reply";
    public const string Unsubscribe = "unsubscribe";
    public const string Complaint = "complaint";
    /// <summary>An SMS/DM reply of STOP: the provider's inbound message, which the opt-out parser reads.</summary>
    public const string Stop = "stop";
}
