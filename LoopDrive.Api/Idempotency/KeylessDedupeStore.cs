using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace LoopDrive.Api.Idempotency;

/// <summary>
/// Key-less repeats (the ⟳ routes) live 60 s, so they are kept in Redis: a claim is one
/// <c>SET NX GET</c> with that expiry, which also returns what is there when the claim loses.
/// Redis errors propagate; the filter then falls back to the PostgreSQL store, so an outage costs
/// speed, not protection against a double submit. While the connection is known to be down the
/// filter goes to PostgreSQL without trying (<see cref="IsConnected"/>), and is back on Redis as
/// soon as the multiplexer has reconnected.
/// </summary>
internal sealed class KeylessDedupeStore(IConnectionMultiplexer redis)
{
    private const string InFlight = "~in-flight";

    // Deletes only a claim still in flight: a completed record must outlive a late release.
    private static readonly LuaScript ReleaseScript = LuaScript.Prepare(
        "if redis.call('GET', @key) == @inFlight then return redis.call('DEL', @key) end return 0");

    public bool IsConnected => redis.IsConnected;

    public async Task<IdempotencyStore.Claim> TryClaimAsync(string apiKeyId, string fingerprint, TimeSpan keepFor)
    {
        var previous = await redis.GetDatabase().StringSetAndGetAsync(Key(apiKeyId, fingerprint), InFlight, keepFor, when: When.NotExists);
        if (previous.IsNull) return new IdempotencyStore.Claim.Acquired();
        if (previous == InFlight) return new IdempotencyStore.Claim.InFlight();
        return new IdempotencyStore.Claim.Completed(Decode(previous!));
    }

    /// <summary>
    /// Sent without waiting for Redis's reply: the caller's answer does not depend on it, and a
    /// repeat that arrives before it lands sees the claim in flight and waits for this record.
    /// </summary>
    public void Complete(string apiKeyId, string fingerprint, IdempotencyStore.StoredResponse response, TimeSpan keepFor) =>
        redis.GetDatabase().StringSet(Key(apiKeyId, fingerprint), Encode(response), keepFor, when: When.Exists, flags: CommandFlags.FireAndForget);

    public Task ReleaseAsync(string apiKeyId, string fingerprint) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, new { key = Key(apiKeyId, fingerprint), inFlight = (RedisValue)InFlight });

    private static RedisKey Key(string apiKeyId, string fingerprint) => $"loopdrive:dedupe:{apiKeyId}:{fingerprint}";

    /// <summary>
    /// A record is <c>1</c>, the status (2 bytes), the content type and the location (each a
    /// 4-byte length, -1 for none, then UTF-8), then the body as it was sent: a key-less record is
    /// written for every single event, so it is not JSON with the body in base64 as it once was.
    /// </summary>
    private const byte Format = 1;

    internal static byte[] Encode(IdempotencyStore.StoredResponse response)
    {
        var contentType = response.ContentType is null ? 0 : Encoding.UTF8.GetByteCount(response.ContentType);
        var location = response.Location is null ? 0 : Encoding.UTF8.GetByteCount(response.Location);
        var bytes = new byte[1 + 2 + 4 + contentType + 4 + location + response.Body.Length];
        var span = bytes.AsSpan();
        span[0] = Format;
        BinaryPrimitives.WriteUInt16LittleEndian(span[1..], (ushort)response.StatusCode);
        var at = WriteText(span, 3, response.ContentType);
        at = WriteText(span, at, response.Location);
        response.Body.CopyTo(span[at..]);
        return bytes;
    }

    internal static IdempotencyStore.StoredResponse Decode(byte[] value)
    {
        if (value.Length == 0 || value[0] != Format) return DecodeJson(value);
        var span = value.AsSpan();
        var status = BinaryPrimitives.ReadUInt16LittleEndian(span[1..]);
        var (contentType, at) = ReadText(span, 3);
        (var location, at) = ReadText(span, at);
        return new IdempotencyStore.StoredResponse(status, contentType, span[at..].ToArray(), location);
    }

    private static int WriteText(Span<byte> span, int at, string? text)
    {
        if (text is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], -1);
            return at + 4;
        }
        var length = Encoding.UTF8.GetBytes(text, span[(at + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], length);
        return at + 4 + length;
    }

    private static (string? Text, int Next) ReadText(ReadOnlySpan<byte> span, int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        return length < 0 ? (null, at + 4) : (Encoding.UTF8.GetString(span.Slice(at + 4, length)), at + 4 + length);
    }

    /// <summary>The earlier JSON form, still read for the minute its records live after an upgrade.</summary>
    private sealed record Stored(int S, string? T, string? L, byte[] B);

    private static IdempotencyStore.StoredResponse DecodeJson(byte[] value)
    {
        var stored = JsonSerializer.Deserialize<Stored>(value) ?? throw new JsonException("Empty de-duplication record.");
        return new IdempotencyStore.StoredResponse(stored.S, stored.T, stored.B, stored.L);
    }
}
