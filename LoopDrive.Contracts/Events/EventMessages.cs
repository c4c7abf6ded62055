namespace LoopDrive.Contracts.Events;

/// <summary><c>intake.embed</c>: a stored text-bearing event waiting for classification and memory.</summary>
public sealed record EventClassificationRequested(string EventId, string WorkspaceId);

/// <summary>
/// <c>intake.normalize</c>: a verified provider payload (webhook body or polled item) to turn into
/// an event. <c>Source</c> names the normalizer (sendgrid, twilio, meta, whatsapp, x, reddit, stripe, api).
/// </summary>
public sealed record ProviderPayloadReceived(string WorkspaceId, string Source, string Payload, DateTimeOffset ReceivedAt);

/// <summary><c>intake.fetch</c>: an import of events from CSV or JSON text; each row goes the normalized path.</summary>
public sealed record EventImportRequested(string WorkspaceId, string Format, string Content, string Source);
