using System.Net;
using System.Net.Http.Json;
using System.Text;
using LoopDrive.Contracts.Events;
using KeylessFingerprint = LoopDrive.Core.Events.KeylessFingerprint;
using PruneEventFingerprints = LoopDrive.Core.Events.PruneEventFingerprints;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>
/// CONTRACT §1.1 ⟳ for single events: the SDK retries without a key, so a byte-identical request
/// from the same API key within 60 s stores nothing and is answered with the first event.
/// </summary>
public sealed class KeylessRepeatTests(TestServers servers) : EventsTest(servers)
{
    private const string Body = """{"type":"link.clicked","channel":"email","source":"api","payload":{"path":"/pricing"}}""";

    private Task<HttpResponseMessage> PostAsync(string body = Body, string path = "/api/events") =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_byte_identical_repeat_answers_the_first_event_marked_replayed_and_stores_nothing()
    {
        var first = await PostAsync();
        var repeat = await PostAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.True(repeat.Headers.Contains("Idempotent-Replayed"));
        var stored = await first.Content.ReadFromJsonAsync<Event>();
        Assert.Equal(stored!.Id, (await repeat.Content.ReadFromJsonAsync<Event>())!.Id);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(1, await StoredEventsAsync());
    }

    [Fact]
    public async Task Another_body_or_another_route_is_a_new_event()
    {
        await PostAsync();
        var otherBody = await PostAsync(Body.Replace("/pricing", "/docs", StringComparison.Ordinal));
        var otherRoute = await PostAsync(path: "/api/events/ingest");

        Assert.False(otherBody.Headers.Contains("Idempotent-Replayed"));
        Assert.False(otherRoute.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(3, await StoredEventsAsync());
    }

    [Fact]
    public async Task Concurrent_identical_requests_store_one_event_and_all_answer_it()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PostAsync()));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<Event>())!.Id));
        Assert.Single(ids.Distinct());
        Assert.Equal(11, answers.Count(a => a.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await StoredEventsAsync());
    }

    [Fact]
    public async Task After_the_window_the_same_body_is_a_new_event()
    {
        await PostAsync();
        await AgeFingerprintsAsync(KeylessFingerprint.Window + TimeSpan.FromSeconds(1));

        var later = await PostAsync();

        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await StoredEventsAsync());
    }

    [Fact]
    public async Task Another_api_key_of_the_workspace_is_not_a_repeat()
    {
        await PostAsync();
        var created = await Client.PostAsJsonAsync($"/api/workspaces/{WorkspaceId}/api-keys", new LoopDrive.Contracts.Platform.ApiKeyCreate("second"));
        var secondKey = (await created.Content.ReadFromJsonAsync<LoopDrive.Contracts.Platform.ApiKeyCreated>())!.Key;

        var fromSecond = await ClientWithKey(secondKey).PostAsync("/api/events", new StringContent(Body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, fromSecond.StatusCode);
        Assert.False(fromSecond.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await StoredEventsAsync());
    }

    [Fact]
    public async Task Repeats_need_no_Redis()
    {
        await Servers.Redis.StopAsync();

        var first = await PostAsync();
        var repeat = await PostAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await StoredEventsAsync());
    }

    [Fact]
    public async Task Pruning_deletes_only_fingerprints_past_the_window()
    {
        await PostAsync();
        await AgeFingerprintsAsync(KeylessFingerprint.Window + TimeSpan.FromSeconds(5));
        await PostAsync(Body.Replace("/pricing", "/fresh", StringComparison.Ordinal));

        await using var data = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        var deleted = await new PruneEventFingerprints(data, TimeProvider.System).HandleAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        await using var count = data.CreateCommand("SELECT count(*) FROM event_fingerprints");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    private async Task<int> StoredEventsAsync()
    {
        await using var db = Servers.CreateDbContext();
        return await db.Events.CountAsync();
    }

    private async Task AgeFingerprintsAsync(TimeSpan by)
    {
        await using var data = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        await using var command = data.CreateCommand("UPDATE event_fingerprints SET created_at = created_at - $1");
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = by });
        await command.ExecuteNonQueryAsync();
    }
}
