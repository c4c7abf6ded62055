namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// A provider payload turned into our event: the identities in it (resolved to a person by the
/// pipeline) and the provider's own id as the idempotency key, so a redelivered webhook stores nothing new.
/// </summary>
public sealed record NormalizedEvent(
    string Type,
    string? Channel,
    string Source,
    DateTimeOffset? Ts,
    string? IdempotencyKey,
    IReadOnlyList<(string Type, string Value)> Identities,
    string Payload,
    string? PersonId = null,
    string? Metadata = null);

/// <summary>One provider's payload shape → events. Pure: no I/O, so each is tested on recorded-shape payloads.</summary>
public interface IEventNormalizer
{
    /// <summary>The <c>source</c> this normalizer reads (sendgrid, twilio, meta, whatsapp, x, reddit, stripe, api).</summary>
    string Source { get; }

    IReadOnlyList<NormalizedEvent> Normalize(System.Text.Json.JsonElement payload);
}
