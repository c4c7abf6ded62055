using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Contracts.Spine;

namespace LoopDrive.AppHost.Tests;

/// <summary>The running system end to end: api, Postgres outbox, Redis stream, worker, back.</summary>
[Collection(LoopDriveAppCollection.Name)]
public sealed class SpineTests(LoopDriveAppFixture fixture)
{
    private static readonly TimeSpan HandOffDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Queue_health_with_the_demo_key_names_every_stream()
    {
        await fixture.WaitForHealthyAsync("api");
        using var client = fixture.CreateApiClient(fixture.DemoApiKey);

        using var response = await client.GetAsync(new Uri("/api/ops/queues", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<QueueHealth>(JsonSerializerOptions.Web);
        Assert.NotNull(health);
        var reported = health.Queues.Select(q => q.Stream).ToHashSet(StringComparer.Ordinal);
        Assert.All(StreamNames.All, stream => Assert.Contains(stream, reported));
    }

    [Fact]
    public async Task A_ping_is_accepted_pending_and_handled_exactly_once_by_a_worker()
    {
        await fixture.WaitForHealthyAsync("api");
        await fixture.WaitForHealthyAsync("workers");
        using var client = fixture.CreateApiClient(fixture.DemoApiKey);

        using var accepted = await client.PostAsJsonAsync(new Uri("/api/ops/pings", UriKind.Relative), new { });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var ping = await accepted.Content.ReadFromJsonAsync<Ping>(JsonSerializerOptions.Web);
        Assert.NotNull(ping);
        Assert.Equal(PingStatus.Pending, ping.Status);

        var handled = await PollUntilHandledAsync(client, ping.Id);
        Assert.Equal(PingStatus.Handled, handled.Status);
        Assert.Equal(1, handled.HandledCount);
    }

    [Fact]
    public async Task A_request_without_a_key_is_refused_with_401()
    {
        await fixture.WaitForHealthyAsync("api");
        using var client = fixture.CreateApiClient();

        using var response = await client.GetAsync(new Uri("/api/ops/queues", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<Ping> PollUntilHandledAsync(HttpClient client, string id)
    {
        var giveUpAt = DateTime.UtcNow + HandOffDeadline;
        Ping? last = null;
        while (DateTime.UtcNow < giveUpAt)
        {
            last = await client.GetFromJsonAsync<Ping>(
                new Uri($"/api/ops/pings/{Uri.EscapeDataString(id)}", UriKind.Relative), JsonSerializerOptions.Web);
            if (last?.Status == PingStatus.Handled)
            {
                return last;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException(
            $"Ping {id} was not handled within {HandOffDeadline}; last status '{last?.Status ?? "none"}'.");
    }
}
