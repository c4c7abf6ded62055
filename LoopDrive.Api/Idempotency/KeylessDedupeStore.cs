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

    private sealed record Stored(int S, string? T, string? L, byte[] B);

    private static byte[] Encode(IdempotencyStore.StoredResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(new Stored(response.StatusCode, response.ContentType, response.Location, response.Body));

    private static IdempotencyStore.StoredResponse Decode(byte[] value)
    {
        var stored = JsonSerializer.Deserialize<Stored>(value) ?? throw new JsonException("Empty de-duplication record.");
        return new IdempotencyStore.StoredResponse(stored.S, stored.T, stored.B, stored.L);
    }
}
