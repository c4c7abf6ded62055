using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Sends;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>The token bucket's arithmetic in the real Lua script on a real Redis, with a clock the test moves.</summary>
[Collection(ServersCollection.Name)]
public sealed class RateLimiterTests(TestServers servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-07-01T12:00:00Z");
    private static readonly ProviderRateLimit OnePerSecondBurstThree = new() { PerSecond = 1, Burst = 3 };
    private readonly ManualClock _clock = new(Start);
    private ConnectionMultiplexer _redis = null!;
    private RedisProviderRateLimiter _limiter = null!;
    private readonly string _account = "acct_" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        _limiter = new RedisProviderRateLimiter(_redis, _clock);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private Task<TimeSpan> TakeAsync(ProviderRateLimit? limit = null, bool held = false, string? account = null) =>
        _limiter.AcquireAsync("twilio", account ?? _account, limit ?? OnePerSecondBurstThree, held, CancellationToken.None);

    [Fact]
    public async Task A_full_bucket_gives_its_burst_at_once_and_then_spreads_the_rest_at_the_rate()
    {
        Assert.Equal(TimeSpan.Zero, await TakeAsync());
        Assert.Equal(TimeSpan.Zero, await TakeAsync());
        Assert.Equal(TimeSpan.Zero, await TakeAsync());
        Assert.Equal(TimeSpan.FromSeconds(1), await TakeAsync());
        Assert.Equal(TimeSpan.FromSeconds(2), await TakeAsync());

        // 2.5 s later the debt of two is repaid and half a token has grown.
        _clock.Now = Start.AddSeconds(2.5);
        Assert.Equal(TimeSpan.FromMilliseconds(500), await TakeAsync());
    }

    [Fact]
    public async Task Refill_stops_at_the_burst()
    {
        Assert.Equal(TimeSpan.Zero, await TakeAsync());
        _clock.Now = Start.AddMinutes(10);
        for (var i = 0; i < 3; i++) Assert.Equal(TimeSpan.Zero, await TakeAsync());
        Assert.Equal(TimeSpan.FromSeconds(1), await TakeAsync());
    }

    [Fact]
    public async Task A_held_send_takes_no_second_place_and_accounts_do_not_share_a_bucket()
    {
        for (var i = 0; i < 3; i++) await TakeAsync();
        Assert.Equal(TimeSpan.FromSeconds(1), await TakeAsync());

        // Its token matured: it goes, and the next caller queues behind one place only, not two.
        _clock.Now = Start.AddSeconds(1);
        Assert.Equal(TimeSpan.Zero, await TakeAsync(held: true));
        Assert.Equal(TimeSpan.FromSeconds(1), await TakeAsync());
        Assert.Equal(TimeSpan.Zero, await TakeAsync(account: _account + "_other"));
    }

    [Fact]
    public async Task Deferred_sends_released_late_together_still_go_no_faster_than_the_bucket_allows()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(TimeSpan.Zero, await TakeAsync());
        for (var i = 1; i <= 4; i++) Assert.Equal(TimeSpan.FromSeconds(i), await TakeAsync());

        // A busy scheduler releases all four at the last one's time: three had grown back since
        // the burst went, so three go and the fourth waits for the next token.
        _clock.Now = Start.AddSeconds(4);
        for (var i = 0; i < 3; i++) Assert.Equal(TimeSpan.Zero, await TakeAsync(held: true));
        Assert.Equal(TimeSpan.FromSeconds(1), await TakeAsync(held: true));
        _clock.Now = Start.AddSeconds(5);
        Assert.Equal(TimeSpan.Zero, await TakeAsync(held: true));
    }

    [Fact]
    public async Task A_held_send_early_for_its_token_waits_for_it()
    {
        for (var i = 0; i < 3; i++) await TakeAsync();
        Assert.Equal(TimeSpan.FromSeconds(1), await TakeAsync());
        _clock.Now = Start.AddMilliseconds(600);
        Assert.Equal(TimeSpan.FromMilliseconds(400), await TakeAsync(held: true));
    }

    [Fact]
    public async Task A_pause_holds_every_caller_of_the_account_until_it_ends()
    {
        await _limiter.PauseAsync("twilio", _account, TimeSpan.FromSeconds(7), CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(7), await TakeAsync());
        Assert.Equal(TimeSpan.FromSeconds(7), await TakeAsync(held: true));
        Assert.Equal(TimeSpan.FromSeconds(7), await TakeAsync(new ProviderRateLimit()));
        // A shorter pause does not shorten it.
        await _limiter.PauseAsync("twilio", _account, TimeSpan.FromSeconds(1), CancellationToken.None);
        _clock.Now = Start.AddSeconds(3);
        Assert.Equal(TimeSpan.FromSeconds(4), await TakeAsync(held: true));
        _clock.Now = Start.AddSeconds(7);
        Assert.Equal(TimeSpan.Zero, await TakeAsync(held: true));
    }

    [Fact]
    public async Task Without_a_limit_nothing_waits()
    {
        for (var i = 0; i < 50; i++) Assert.Equal(TimeSpan.Zero, await TakeAsync(new ProviderRateLimit { PerSecond = 0 }));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
