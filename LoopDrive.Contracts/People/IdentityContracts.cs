using System.Text.Json;

namespace LoopDrive.Contracts.People;

public sealed record Identity(
    string Id,
    string PersonId,
    string Type,
    string Value,
    bool Verified,
    bool IsPrimary,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record IdentityCreate(string? Type, string? Value, bool Verified = false, bool? IsPrimary = null, JsonElement? Metadata = null);
