namespace LoopDrive.Core.Sends;

/// <summary>
/// What a provider is asked to deliver. <see cref="SendId"/> travels with the message (custom args,
/// callback URL) so webhooks find their send. <see cref="Template"/> (WhatsApp) and
/// <see cref="MessageTag"/> (Instagram) are set only when the gate found the messaging window closed
/// and the send names a way in (<see cref="MessagingWindow"/>). <see cref="PersonId"/> rides along
/// where the provider echoes custom data in its webhooks, so intake need not resolve the address.
/// <see cref="CompositionId"/> names what composition wrote the body (null for content given as is).
/// </summary>
public sealed record OutgoingMessage(
    string SendId,
    string WorkspaceId,
    string Channel,
    string Recipient,
    string? Subject,
    string Body,
    string? Html,
    string? FromName,
    string? FromAddress,
    string? ReplyTo,
    string? ThreadId,
    int Attempt,
    DmTemplate? Template = null,
    string? MessageTag = null,
    string? PersonId = null,
    string? CompositionId = null);

/// <summary>The provider's answer. Only <see cref="Kind"/> <c>accepted</c> means a person may get the message.</summary>
public sealed record ProviderResult(string Kind, string? ExternalId = null, string? Code = null, string? Detail = null, TimeSpan? RetryAfter = null)
{
    public const string Accepted = "accepted";
    /// <summary>Refused for good (invalid number, 21610 unsubscribed, bad request): fail with the provider's code.</summary>
    public const string Rejected = "rejected";
    /// <summary>Refused before acceptance and worth retrying (429, 5xx with no acceptance).</summary>
    public const string Retryable = "retryable";
    /// <summary>No answer (timeout, connection reset after the request left): the provider may have it.</summary>
    public const string Unknown = "unknown";

    public static ProviderResult Ok(string externalId) => new(Accepted, externalId);
}

/// <summary>Whether the provider holds a message for a send, asked when a result was never recorded.</summary>
public sealed record ProviderLookup(string Kind, string? ExternalId = null, string? Detail = null)
{
    public const string Found = "found";
    /// <summary>The provider knows for certain it holds no message (the sandbox): the send may be queued again.</summary>
    public const string NotFound = "not_found";
    /// <summary>A live provider's records show no such message, which cannot rule out one still being written: a person reviews.</summary>
    public const string NotSeen = "not_seen";
    /// <summary>The provider's API cannot tell; a person reviews the send.</summary>
    public const string Unsupported = "unsupported";
}

/// <summary>One provider behind one or more channels, <c>live</c> or <c>sandbox</c> (Providers:Mode).</summary>
public interface ISendProvider
{
    string Name { get; }

    bool Handles(string channel);

    Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>Does the provider hold <paramref name="message"/>, sent at or after <paramref name="attemptedAt"/>?</summary>
    Task<ProviderLookup> LookupAsync(OutgoingMessage message, DateTimeOffset attemptedAt, CancellationToken cancellationToken);

    /// <summary>The provider account the message goes out through: the key of its rate limit (<see cref="IProviderRateLimiter"/>).</summary>
    string AccountFor(OutgoingMessage message) => message.Channel;
}

/// <summary>
/// A provider that takes a list of messages more cheaply than one call each (the sandbox: one
/// write for the whole list's owed reactions). The messages still go one after another:
/// <paramref name="onAnswer"/> hears each answer before the next message goes, and when it
/// throws the list stops there — the messages after it are never handed over.
/// </summary>
public interface IBatchSendProvider : ISendProvider
{
    Task SendManyAsync(IReadOnlyList<OutgoingMessage> messages, Func<int, ProviderResult, ValueTask> onAnswer, CancellationToken cancellationToken);
}

/// <summary>Picks the provider for a channel.</summary>
public sealed class SendProviders(IEnumerable<ISendProvider> providers)
{
    private readonly ISendProvider[] _all = [.. providers];

    public ISendProvider? For(string channel) => _all.FirstOrDefault(p => p.Handles(channel));
}
