namespace LoopDrive.Core.Events;

/// <summary>
/// What makes a key-less single event request a repeat (CONTRACT §1.1, ⟳): the same API key
/// sending the same request line and body within <see cref="Window"/>. The published SDK retries
/// without a key, so a repeat stores nothing and is answered with the event the first one stored.
/// The claim is a row of <c>event_fingerprints</c> written by the event's own insert.
/// </summary>
/// <param name="Hash">SHA-256 of the request line and body; no personal data is kept, only this.</param>
public sealed record KeylessFingerprint(string ApiKeyId, byte[] Hash)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>Equal for equal fingerprints (a record compares arrays by reference).</summary>
    internal string Key { get; } = ApiKeyId + ":" + Convert.ToHexString(Hash);
}

/// <summary>What became of one single event.</summary>
/// <param name="Stored">The event as stored; null for a repeat.</param>
/// <param name="ReplayOf">
/// For a key-less repeat, the event the first request stored (null and no <paramref name="Stored"/>
/// means the event's idempotency key was stored before).
/// </param>
public sealed record SingleIngest(Event? Stored, string? ReplayOf = null);
