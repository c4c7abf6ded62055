using System.Net.Http.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.People;
using LoopDrive.FunctionalTests.Infrastructure;
using Npgsql;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>
/// A funnel without a range start reads each person's first occurrences; with one it scans the
/// events. Both must equal the funnel computed here by walking every person's events, for
/// events stored out of order, ties, repeated step types, and after a merge and a deletion
/// moved or removed the firsts.
/// </summary>
public sealed class FunnelFirstOccurrenceTests(TestServers servers) : EventsTest(servers)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Types = ["email.sent", "email.opened", "email.clicked"];
    private static readonly string?[] Channels = ["email", "sms", null];
    private static readonly TimeSpan Window = TimeSpan.FromDays(2);

    private sealed record Stored(string Person, string Type, string? Channel, DateTimeOffset Ts);

    [Fact]
    public async Task First_occurrence_funnels_equal_scanning_funnels_and_a_walk_of_every_event_through_merges_and_deletes()
    {
        var people = new List<string>();
        for (var i = 0; i < 12; i++) people.Add(await NewPersonAsync($"funnel{i}@example.com"));
        var random = new Random(11);
        var events = Enumerable.Range(0, 240).Select(_ => new Stored(
            people[random.Next(people.Count)], Types[random.Next(Types.Length)], Channels[random.Next(Channels.Length)],
            T0.AddMinutes(random.Next(0, 10 * 24 * 60)))).ToList();
        // Ties: the same person's first step twice at one instant on two channels; the channel that sorts first wins.
        events.Add(new Stored(people[0], "email.sent", "sms", T0.AddMinutes(-30)));
        events.Add(new Stored(people[0], "email.sent", "email", T0.AddMinutes(-30)));
        // Stored latest first, so each batch moves some firsts back in time.
        foreach (var chunk in events.OrderByDescending(e => e.Ts).Chunk(60))
            await IngestBatchAsync(chunk.Select(Body));

        await AssertAllFunnelsAsync(events);

        var merged = await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(people[1], people[2]));
        merged.EnsureSuccessStatusCode();
        events = [.. events.Select(e => e.Person == people[1] ? e with { Person = people[2] } : e)];
        await AssertAllFunnelsAsync(events);

        var cut = T0.AddDays(3);
        await using (var database = NpgsqlDataSource.Create(Servers.DatabaseConnectionString))
        await using (var delete = database.CreateCommand("DELETE FROM events WHERE workspace_id = $1 AND ts < $2"))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = WorkspaceId });
            delete.Parameters.Add(new NpgsqlParameter { Value = cut });
            Assert.True(await delete.ExecuteNonQueryAsync() > 0);
        }
        events = [.. events.Where(e => e.Ts >= cut)];
        await AssertAllFunnelsAsync(events);
    }

    private async Task AssertAllFunnelsAsync(List<Stored> events)
    {
        string[] ordered = ["email.sent", "email.opened", "email.clicked"];
        string[] repeated = ["email.sent", "email.opened", "email.opened"];
        foreach (var steps in new[] { ordered, repeated })
        {
            // No range start: first occurrences. A start before every event: the scans. Both, and with an end.
            await AssertFunnelAsync(events, steps, null, null);
            await AssertFunnelAsync(events, steps, T0.AddDays(-30), null);
            await AssertFunnelAsync(events, steps, null, T0.AddDays(5));
            await AssertFunnelAsync(events, steps, T0.AddDays(4), T0.AddDays(8));
        }
    }

    private async Task AssertFunnelAsync(List<Stored> events, string[] steps, DateTimeOffset? from, DateTimeOffset? to)
    {
        var response = await Client.PostAsJsonAsync("/api/events/funnel", new FunnelRequest(steps, DateFrom: from, DateTo: to,
            WindowSeconds: (long)Window.TotalSeconds, Breakdown: "channel"));
        response.EnsureSuccessStatusCode();
        var funnel = (await response.Content.ReadFromJsonAsync<FunnelResult>())!;

        var walked = Walk(events, steps, from, to);
        var label = $"{string.Join(">", steps)} from {from:O} to {to:O}";
        Assert.True(walked.Count > 0, label);
        AssertSteps(walked.Select(w => w.Times).ToList(), funnel.Steps, label);
        foreach (var channel in walked.Select(w => w.Channel).Distinct())
        {
            var breakdown = funnel.Breakdown!.SingleOrDefault(b => b.Channel == channel);
            Assert.True(breakdown is not null, $"{label}: no breakdown for {channel}");
            AssertSteps(walked.Where(w => w.Channel == channel).Select(w => w.Times).ToList(), breakdown.Steps, $"{label} on {channel}");
        }
        Assert.Equal(walked.Select(w => w.Channel).Distinct().Count(), funnel.Breakdown!.Count);
    }

    /// <summary>Per person: the first step-1 event in the range, then each step's first event at or after the previous one (strictly after for a repeated type), within the window.</summary>
    private static List<(string Channel, List<DateTimeOffset> Times)> Walk(List<Stored> events, string[] steps, DateTimeOffset? from, DateTimeOffset? to)
    {
        var result = new List<(string, List<DateTimeOffset>)>();
        foreach (var person in events.GroupBy(e => e.Person))
        {
            var entry = person.Where(e => e.Type == steps[0] && (from is null || e.Ts >= from) && (to is null || e.Ts <= to))
                .OrderBy(e => e.Ts).ThenBy(e => e.Channel ?? "unknown", StringComparer.Ordinal).FirstOrDefault();
            if (entry is null) continue;
            var times = new List<DateTimeOffset> { entry.Ts };
            for (var k = 1; k < steps.Length; k++)
            {
                var previous = times[^1];
                var strict = steps[k] == steps[k - 1];
                var next = person.Where(e => e.Type == steps[k] && (strict ? e.Ts > previous : e.Ts >= previous) && e.Ts <= entry.Ts + Window)
                    .Select(e => (DateTimeOffset?)e.Ts).Min();
                if (next is null) break;
                times.Add(next.Value);
            }
            result.Add((entry.Channel ?? "unknown", times));
        }
        return result;
    }

    private static void AssertSteps(List<List<DateTimeOffset>> walked, IReadOnlyList<FunnelStep> steps, string label)
    {
        for (var k = 0; k < steps.Count; k++)
        {
            var reached = walked.Where(t => t.Count > k).ToList();
            Assert.True(reached.Count == steps[k].Count, $"{label}: step {k + 1} counted {steps[k].Count}, walked {reached.Count}");
            if (k == 0) continue;
            var gaps = reached.Select(t => (t[k] - t[k - 1]).TotalSeconds).Order().ToList();
            double? median = gaps.Count == 0 ? null
                : gaps.Count % 2 == 1 ? gaps[gaps.Count / 2] : (gaps[gaps.Count / 2 - 1] + gaps[gaps.Count / 2]) / 2;
            Assert.True(median == steps[k].MedianSecondsFromPrevious, $"{label}: step {k + 1} median {steps[k].MedianSecondsFromPrevious}, walked {median}");
        }
    }

    private static Dictionary<string, object> Body(Stored e)
    {
        var body = new Dictionary<string, object> { ["type"] = e.Type, ["personId"] = e.Person, ["ts"] = e.Ts };
        if (e.Channel is not null) body["channel"] = e.Channel;
        return body;
    }
}
