using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Hosting;

/// <summary>
/// An API started while Redis is down still starts, de-duplicates key-less repeats through
/// PostgreSQL, and moves to Redis once Redis is reachable.
/// </summary>
public sealed class RedisWarmupTests(TestServers servers) : ApiTest(servers)
{
    [Fact]
    public async Task An_api_started_while_Redis_is_down_dedupes_through_postgres_then_through_redis_once_it_is_up()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");
        await Servers.Redis.StopAsync();
        // A host of its own, started now: the shared hosts connected to Redis long ago.
        await using var factory = new ApiFactory(Servers);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var first = await client.PostAsJsonAsync("/api/person/resolve", new { email = "down@example.com" });
        var repeat = await client.PostAsJsonAsync("/api/person/resolve", new { email = "down@example.com" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await DatabaseRecordsAsync());

        await Servers.Redis.StartAgainAsync();
        var redis = factory.Services.GetRequiredService<IConnectionMultiplexer>();
        var waited = Stopwatch.StartNew();
        while (!redis.IsConnected)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The API did not reconnect to Redis within 30 s.");
            await Task.Delay(50);
        }

        var up = await client.PostAsJsonAsync("/api/person/resolve", new { email = "up@example.com" });
        var upRepeat = await client.PostAsJsonAsync("/api/person/resolve", new { email = "up@example.com" });

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.True(upRepeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await up.Content.ReadAsStringAsync(), await upRepeat.Content.ReadAsStringAsync());
        Assert.Equal(1, await DatabaseRecordsAsync());
        Assert.False((await redis.GetDatabase().StringGetAsync(await SingleDedupeKeyAsync(redis))).IsNull);
    }

    private async Task<int> DatabaseRecordsAsync()
    {
        await using var db = Servers.CreateDbContext();
        return await db.IdempotencyRecords.IgnoreQueryFilters().CountAsync();
    }

    private async Task<RedisKey> SingleDedupeKeyAsync(IConnectionMultiplexer redis)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in redis.GetServer($"127.0.0.1:{Servers.Redis.Port}").KeysAsync(pattern: "loopdrive:dedupe:*"))
            keys.Add(key);
        return Assert.Single(keys);
    }
}
