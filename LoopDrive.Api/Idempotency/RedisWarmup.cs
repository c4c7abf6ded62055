using StackExchange.Redis;

namespace LoopDrive.Api.Idempotency;

/// <summary>
/// Connects to Redis before the API takes requests. The multiplexer otherwise connects on first
/// use, and on a busy machine that first attempt can time out: every key-less de-duplication then
/// goes to PostgreSQL until the multiplexer's next reconnect, seconds later. Startup waits at most
/// <see cref="MaxWait"/>; if Redis is still unreachable the API starts anyway (PostgreSQL serves
/// the de-duplication) and the multiplexer keeps reconnecting in the background.
/// </summary>
internal sealed partial class RedisWarmup(IConnectionMultiplexer redis, ILogger<RedisWarmup> logger) : IHostedService
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var asked = System.Diagnostics.Stopwatch.StartNew();
        while (!redis.IsConnected && waited.Elapsed < MaxWait)
        {
            // A first attempt that timed out is retried on the multiplexer's back-off, which grows to
            // seconds; asking for a reconnect now is what makes a slow start cost a short wait.
            if (asked.Elapsed >= AskAgainAfter)
            {
                asked.Restart();
                await redis.ConfigureAsync();
            }
            await Task.Delay(Poll, cancellationToken);
        }
        if (!redis.IsConnected)
            LogNotConnected(logger, (int)MaxWait.TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not connected after {Seconds} s; starting anyway, key-less de-duplication uses PostgreSQL until it is")]
    private static partial void LogNotConnected(ILogger logger, int seconds);
}
