using System.Globalization;
using LoopDrive.Core.Sends;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// The per-account token buckets as one Redis hash per provider account (<c>tokens</c>, <c>at</c>,
/// <c>pause</c>), changed by one Lua script so replicas never race. Time is the caller's clock in
/// milliseconds (replicas keep NTP time; a skew of a few ms only shifts a token by as much).
/// </summary>
public sealed class RedisProviderRateLimiter(IConnectionMultiplexer redis, TimeProvider clock) : IProviderRateLimiter
{
    public const string KeyPrefix = "ld:sends:ratelimit:";

    // ARGV: now (ms), rate (tokens per ms, 0 = no bucket), burst, held (1/0).
    // Returns the wait in ms: the pause still to run, or when the caller's token matures.
    // Two buckets with the same rate and burst: `tokens` hands out places in the queue (it goes into
    // debt, so a herd is spread evenly), `sent` counts only messages that actually go. A send goes
    // only with a token from `sent`, so however late deferred sends are released together, the
    // messages that go never exceed burst + rate x time; a held send asks `sent` alone.
    private const string AcquireScript = """
        local now = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local burst = tonumber(ARGV[3])
        local held = ARGV[4] == '1'
        local s = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'pause', 'sent', 'sent_at')
        local wait = 0
        local pause = tonumber(s[3])
        if pause and pause > now then wait = pause - now end
        if rate <= 0 or (held and wait > 0) then return wait end
        -- A bucket's level now: full when never used, grown at the rate since it was last written.
        local function refill(level, since)
          level = tonumber(level)
          since = tonumber(since)
          if level == nil then return burst, now end
          if now > since then return math.min(burst, level + (now - since) * rate), now end
          return level, since
        end
        local tokens, at = refill(s[1], s[2])
        local sent, sent_at = refill(s[4], s[5])
        if not held then
          tokens = tokens - 1
          if tokens < 0 then wait = math.max(wait, math.ceil(-tokens / rate)) end
        end
        if wait == 0 then
          -- A float's rounding must not make a whole token look short.
          if sent >= 1 - 1e-9 then
            sent = sent - 1
          else
            wait = math.ceil((1 - sent) / rate)
          end
        end
        redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', at, 'sent', string.format('%.6f', sent), 'sent_at', sent_at)
        -- Kept until both buckets are full again (a full bucket is what a missing key means), plus a minute.
        redis.call('PEXPIRE', KEYS[1], math.ceil((burst - math.min(tokens, sent)) / rate) + math.max(wait, 0) + 60000)
        return wait
        """;

    // ARGV: until (ms). The pause only ever grows; the key lives at least as long as the pause.
    private const string PauseScript = """
        local until_ms = tonumber(ARGV[1])
        local pause = tonumber(redis.call('HGET', KEYS[1], 'pause'))
        if pause == nil or pause < until_ms then redis.call('HSET', KEYS[1], 'pause', until_ms) end
        local ttl = redis.call('PTTL', KEYS[1])
        local need = until_ms - tonumber(ARGV[2]) + 60000
        if ttl < need then redis.call('PEXPIRE', KEYS[1], need) end
        return 0
        """;

    public async Task<TimeSpan> AcquireAsync(string provider, string account, ProviderRateLimit? limit, bool held, CancellationToken cancellationToken)
    {
        var perMs = limit is { PerSecond: > 0 } l ? l.PerSecond / 1000.0 : 0;
        var burst = Math.Max(1, limit?.Burst ?? 1);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, [Key(provider, account)],
            [now, perMs.ToString("R", CultureInfo.InvariantCulture), burst, held ? "1" : "0"]);
        return TimeSpan.FromMilliseconds((long)result);
    }

    public async Task PauseAsync(string provider, string account, TimeSpan wait, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await redis.GetDatabase().ScriptEvaluateAsync(PauseScript, [Key(provider, account)], [now + (long)wait.TotalMilliseconds, now]);
    }

    public static RedisKey Key(string provider, string account) => $"{KeyPrefix}{provider}:{account}";
}
