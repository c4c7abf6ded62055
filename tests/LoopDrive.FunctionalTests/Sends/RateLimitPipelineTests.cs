using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>Per-account rate limits in the dispatch pipeline: a burst is spread, a 429's Retry-After pauses the account.</summary>
public sealed class RateLimitPipelineTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task A_burst_over_the_rate_is_spread_and_every_message_goes_exactly_once()
    {
        const int count = 16;
        const double rate = 4;
        const int burst = 2;
        await using var workers = await SendWorkerHost.StartAsync(Servers, new Dictionary<string, string?>
        {
            ["Sends:RateLimits:sandbox:PerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Sends:RateLimits:sandbox:Burst"] = burst.ToString(CultureInfo.InvariantCulture),
            ["Sends:FrequencyCapPerDay"] = "0",
            // One call at a time, so each send's sent_at (taken after its call) comes before the next
            // call takes its token and the spacing of sent_at can only be wider than the bucket's.
            // With calls in parallel a slow recording could squeeze two sends together on a busy machine.
            ["Spine:ConsumerConcurrency"] = "1",
            ["Spine:ConsumerReadAhead"] = "1",
        });
        var person = await CreatePersonAsync("burst@example.com");
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var response = await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, Subject: "Hi", Body: $"Bake {i}."));
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
        }));

        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => await db.Sends.IgnoreQueryFilters().CountAsync(s => ids.Contains(s.Id) && s.Status == "sent") == count,
            "every send of the burst goes out", TimeSpan.FromSeconds(90));
        Assert.All(ids, id => Assert.Equal(1, workers.Provider.Received[id]));
        Assert.Equal(count, workers.Provider.TotalReceived);
        Assert.True(await db.SendEvents.IgnoreQueryFilters().CountAsync(e => ids.Contains(e.SendId) && e.Code == DispatchSend.RateLimited) > 0,
            "the burst arrived faster than the rate and was held back");
        // The bucket's promise: in any stretch of time T at most burst + rate·T messages (one more
        // allowed for the time between the provider call and recording it).
        var sentAt = (await db.Sends.IgnoreQueryFilters().Where(s => ids.Contains(s.Id)).Select(s => s.SentAt!.Value).ToListAsync()).Order().ToArray();
        for (var i = 0; i < sentAt.Length; i++)
        for (var j = i + 1; j < sentAt.Length; j++)
        {
            var allowed = burst + rate * (sentAt[j] - sentAt[i]).TotalSeconds + 1;
            Assert.True(j - i + 1 <= allowed, $"{j - i + 1} messages within {(sentAt[j] - sentAt[i]).TotalSeconds:0.000} s");
        }
    }

    [Fact]
    public async Task A_429_with_retry_after_pauses_the_account_for_that_send_and_the_next()
    {
        await using var fake = await ProviderFake.StartAsync();
        var times = new ConcurrentQueue<DateTimeOffset>();
        var first = true;
        fake.Answer = _ =>
        {
            times.Enqueue(DateTimeOffset.UtcNow);
            if (first)
            {
                first = false;
                return (429, """{"title":"Too Many Requests","status":429}""", new() { ["Retry-After"] = "3" });
            }
            return (201, """{"data":{"dm_conversation_id":"1-9001","dm_event_id":"158"}}""".Replace("158", "158" + times.Count), []);
        };
        await using var workers = await LiveProviderTests.StartLiveAsync(Servers, fake);
        var person = await CreateXPersonAsync();

        var limited = await DmAsync(person, "Thanks for the follow!");
        await Eventually.TrueAsync(() => Task.FromResult(!times.IsEmpty), "the first request reaches the provider");
        var next = await DmAsync(person, "A second message.");
        await Eventually.TrueAsync(async () => (await StatusAsync(limited)).Status == "sent" && (await StatusAsync(next)).Status == "sent",
            "both sends go out after the pause", TimeSpan.FromSeconds(60));

        var calls = times.ToArray();
        Assert.Equal(3, calls.Length);
        var resume = calls[0].AddSeconds(3).AddMilliseconds(-50);
        Assert.All(calls.Skip(1), at => Assert.True(at >= resume, $"called {(at - calls[0]).TotalSeconds:0.00} s after the 429"));
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured_too()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = _ => (429, "{}", new() { ["Retry-After"] = DateTimeOffset.UtcNow.AddSeconds(30).ToString("R", CultureInfo.InvariantCulture) });
        await using var workers = await LiveProviderTests.StartLiveAsync(Servers, fake);
        var x = workers.Services.GetServices<ISendProvider>().First(p => p.Handles("x"));

        var result = await x.SendAsync(new OutgoingMessage("send_1", "ws_1", "x", "9001", null, "Hi", null, null, null, null, null, 1), CancellationToken.None);

        Assert.Equal(ProviderResult.Retryable, result.Kind);
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(31));
    }

    private Task<string> CreateXPersonAsync() => CreateHandlePersonAsync("9001", "x");

    private async Task<string> DmAsync(string person, string body)
    {
        var response = await Client.PostAsJsonAsync("/api/social/x/dm", new { personId = person, platform = "x", body });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }
}
