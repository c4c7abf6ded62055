using System.Text.Json;

namespace LoopDrive.Contracts.People;

public sealed record Consent(
    string Id,
    string PersonId,
    string Channel,
    string Scope,
    string Status,
    string Source,
    DateTimeOffset? GrantedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? ExpiresAt,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt);

public sealed record ConsentUpdate(
    string? Channel,
    string? Scope,
    string? Status,
    string? Source,
    DateTimeOffset? ExpiresAt = null,
    JsonElement? Metadata = null);

/// <summary>One entry of the append-only consent history (our addition: <c>GET …/consent/history</c>).</summary>
public sealed record ConsentChange(
    string Id,
    string Channel,
    string Scope,
    string Status,
    string Source,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset RecordedAt);
