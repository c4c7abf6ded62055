namespace LoopDrive.Core.Platform;

/// <summary>
/// The first outcome of a POST, kept so that a repeat replays it (CONTRACT.md §1.1). Keyed by
/// the caller's API key and either its <c>Idempotency-Key</c> header or, for key-less
/// deduplication, a fingerprint of method + path + body. A row with no status is in flight.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string ApiKeyId { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public byte[]? ResponseBody { get; set; }
    public string? Location { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}
