using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.FunctionalTests.Infrastructure;
using Npgsql;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>Concurrent single ingests share transactions; each request still gets its own answer, and the idempotency key still decides.</summary>
public sealed class GroupCommitTests(TestServers servers) : EventsTest(servers)
{
    [Fact]
    public async Task Concurrent_single_events_are_each_stored_once_and_repeats_of_a_key_answer_the_first()
    {
        var person = await NewPersonAsync("together@example.com");
        var distinct = Enumerable.Range(0, 40).Select(i => (Key: (string?)null, Body: (object)new
        {
            type = "email.opened", channel = "email", personId = person, payload = new { n = i },
        }));
        // Four keys, five requests each with different bodies (so no key-less replay answers them): one event per key.
        var keyed = Enumerable.Range(0, 20).Select(i => (Key: (string?)$"together-{i % 4}", Body: (object)new
        {
            type = "email.clicked", channel = "email", personId = person, payload = new { n = 100 + i },
            metadata = new { idempotencyKey = $"together-{i % 4}" },
        }));
        var requests = distinct.Concat(keyed).ToList();

        var answers = await Task.WhenAll(requests.Select(async r =>
        {
            var response = await Client.PostAsJsonAsync("/api/events", r.Body);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            return (r.Key, Event: (await response.Content.ReadFromJsonAsync<Event>())!);
        }));

        Assert.Equal(40, answers.Where(a => a.Key is null).Select(a => a.Event.Id).Distinct().Count());
        foreach (var key in answers.Where(a => a.Key is not null).GroupBy(a => a.Key))
            Assert.Single(key.Select(a => a.Event.Id).Distinct());
        Assert.All(answers, a => Assert.Equal(person, a.Event.PersonId));

        await using var database = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        await using var count = database.CreateCommand("SELECT type, count(*) FROM events WHERE workspace_id = $1 GROUP BY type ORDER BY type");
        count.Parameters.Add(new NpgsqlParameter { Value = WorkspaceId });
        var stored = new Dictionary<string, long>();
        await using (var reader = await count.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored[reader.GetString(0)] = reader.GetInt64(1);
        Assert.Equal(new Dictionary<string, long> { ["email.clicked"] = 4, ["email.opened"] = 40 }, stored);
    }

    [Fact]
    public async Task Outbox_rows_of_single_events_carry_the_requests_traces()
    {
        var person = await NewPersonAsync("traced@example.com");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var lone = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = JsonContent.Create(new { type = "email.replied", channel = "email", personId = person, payload = new { text = "Can we talk pricing?" } }),
        };
        lone.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var loneResponse = await Client.SendAsync(lone);
        Assert.Equal(HttpStatusCode.Accepted, loneResponse.StatusCode);
        var loneEvent = (await loneResponse.Content.ReadFromJsonAsync<Event>())!;

        // Concurrent replies share group commits: each outbox row still names a trace.
        var together = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            var response = await Client.PostAsJsonAsync("/api/events", new { type = "email.replied", channel = "email", personId = person, payload = new { text = $"Reply {i}" } });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<Event>())!.Id;
        }));

        await using var database = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        await using var rows = database.CreateCommand("SELECT payload->>'eventId', trace_parent FROM outbox WHERE stream = 'intake.embed' AND workspace_id = $1");
        rows.Parameters.Add(new NpgsqlParameter { Value = WorkspaceId });
        var traces = new Dictionary<string, string?>();
        await using (var reader = await rows.ExecuteReaderAsync())
            while (await reader.ReadAsync()) traces[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        Assert.Equal(together.Length + 1, traces.Count);
        Assert.Contains(traceId, traces[loneEvent.Id], StringComparison.Ordinal);
        Assert.All(together, id => Assert.NotNull(traces[id]));
    }
}
