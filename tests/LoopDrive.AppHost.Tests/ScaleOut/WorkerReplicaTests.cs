using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Contracts.Spine;

namespace LoopDrive.AppHost.Tests.ScaleOut;

/// <summary>
/// Workers scale out as stateless replicas: each joins the consumer groups under its own name, so
/// Redis hands every entry to exactly one of them and both take a share of the work.
/// </summary>
[Collection(TwoWorkersCollection.Name)]
public sealed class WorkerReplicaTests(TwoWorkersFixture fixture)
{
    private const int PingsPerWave = 30;
    private const int MaxWaves = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Two_worker_replicas_handle_every_ping_exactly_once_and_share_them()
    {
        await fixture.WaitForHealthyAsync("api");
        await fixture.WaitForHealthyAsync("workers");
        await fixture.WaitForHealthyAsync("workers-2");
        using var client = fixture.CreateApiClient(fixture.DemoApiKey);

        // Waves until both replicas have taken some: a replica whose consumer loop starts a little
        // later than the other's must still get its share, without a fixed wait for it.
        var handled = new Dictionary<string, Ping>(StringComparer.Ordinal);
        for (var wave = 0; wave < MaxWaves && handled.Values.Select(p => p.HandledBy).Distinct().Count() < TwoWorkersFixture.Replicas; wave++)
        {
            var ids = new List<string>();
            for (var i = 0; i < PingsPerWave; i++)
            {
                using var accepted = await client.PostAsJsonAsync(new Uri("/api/ops/pings", UriKind.Relative), new { });
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
                ids.Add((await accepted.Content.ReadFromJsonAsync<Ping>(JsonSerializerOptions.Web))!.Id);
            }

            await WaitUntilAsync(async () =>
            {
                foreach (var id in ids.Where(id => !handled.ContainsKey(id)).ToList())
                {
                    var ping = await client.GetFromJsonAsync<Ping>(
                        new Uri($"/api/ops/pings/{Uri.EscapeDataString(id)}", UriKind.Relative), JsonSerializerOptions.Web);
                    if (ping?.Status == PingStatus.Handled) handled[id] = ping;
                }

                return ids.All(handled.ContainsKey);
            }, () => $"wave {wave + 1}: {ids.Count(handled.ContainsKey)} of {ids.Count} pings handled");
        }

        Assert.All(handled.Values, p => Assert.Equal(1, p.HandledCount));
        var perConsumer = handled.Values.GroupBy(p => p.HandledBy ?? "(none)").ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perConsumer.Count == TwoWorkersFixture.Replicas && !perConsumer.ContainsKey("(none)"),
            $"expected {TwoWorkersFixture.Replicas} consumers to share the pings, got: {Describe(perConsumer)}");
        Assert.All(perConsumer.Values, count => Assert.True(count > 0));
        Assert.Equal(handled.Count, perConsumer.Values.Sum());
    }

    private static string Describe(Dictionary<string, int> perConsumer) =>
        string.Join(", ", perConsumer.Select(p => $"{p.Key}: {p.Value}"));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var giveUpAt = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUpAt) throw new TimeoutException($"Not within {Deadline}: {what()}.");
            await Task.Delay(PollInterval);
        }
    }
}
