using System.Globalization;
using System.Net.Http.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Core.Events;
using LoopDrive.FunctionalTests.Infrastructure;
using Npgsql;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>Stats read hourly counts for whole hours and the events for the edges: the totals must equal counting every event.</summary>
public sealed class HourlyCountTests(TestServers servers) : EventsTest(servers)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Types = ["email.sent", "email.opened", "sms.sent", "conversion.purchase"];
    private static readonly string?[] Channels = ["email", "sms", null];

    [Fact]
    public async Task Stats_over_ranges_with_partial_hours_equal_a_count_of_every_event_before_and_after_folding()
    {
        var random = new Random(7);
        var events = Enumerable.Range(0, 600).Select(_ => (
            Type: Types[random.Next(Types.Length)],
            Channel: Channels[random.Next(Channels.Length)],
            Ts: T0.AddSeconds(random.Next(0, 3 * 24 * 3600)))).ToList();
        // Events exactly on hour boundaries, where an off-by-one between the counts and the edges would show.
        events.AddRange(Enumerable.Range(0, 20).Select(h => (Types[0], (string?)"email", T0.AddHours(h * 3))));
        await IngestBatchAsync(events.Take(500).Select(Body));
        await IngestBatchAsync(events.Skip(500).Select(Body));

        (DateTimeOffset From, DateTimeOffset To)[] ranges =
        [
            (T0.AddMinutes(17), T0.AddHours(30).AddMinutes(41)),
            (T0.AddHours(3), T0.AddHours(9)),
            (T0.AddMinutes(5), T0.AddMinutes(50)),
            (T0.AddHours(-1), T0.AddDays(4)),
            (T0.AddHours(6).AddSeconds(1), T0.AddHours(7)),
        ];
        foreach (var range in ranges) await AssertExactAsync(events, range.From, range.To);

        await using (var database = NpgsqlDataSource.Create(Servers.DatabaseConnectionString))
            Assert.True(await new FoldEventCounts(database).HandleAsync(CancellationToken.None) > 0);
        foreach (var range in ranges) await AssertExactAsync(events, range.From, range.To);
    }

    [Fact]
    public async Task The_type_time_and_channel_of_a_stored_event_cannot_change()
    {
        var stored = await IngestAsync(new { type = "email.sent", channel = "email", ts = T0 });

        await using var database = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        await using var change = database.CreateCommand("UPDATE events SET type = 'email.opened' WHERE id = $1");
        change.Parameters.Add(new NpgsqlParameter { Value = stored.Id });

        var refused = await Assert.ThrowsAsync<PostgresException>(() => change.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    [Fact]
    public async Task Deleted_events_leave_the_counts()
    {
        await IngestBatchAsync(Enumerable.Range(0, 5).Select(i => (object)new { type = "email.sent", channel = "email", ts = T0.AddHours(2).AddMinutes(i) }));
        await using (var database = NpgsqlDataSource.Create(Servers.DatabaseConnectionString))
        await using (var delete = database.CreateCommand("DELETE FROM events WHERE ts < $1"))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = T0.AddHours(2).AddMinutes(2) });
            Assert.Equal(2, await delete.ExecuteNonQueryAsync());
        }

        var stats = await StatsAsync(T0, T0.AddHours(5));
        Assert.Equal(3, stats.TotalEvents);
    }

    private async Task AssertExactAsync(List<(string Type, string? Channel, DateTimeOffset Ts)> events, DateTimeOffset from, DateTimeOffset to)
    {
        var inRange = events.Where(e => e.Ts >= from && e.Ts <= to).ToList();
        var stats = await StatsAsync(from, to);
        Assert.Equal(inRange.Count, stats.TotalEvents);
        foreach (var type in inRange.GroupBy(e => e.Type))
            Assert.Equal(type.Count(), stats.ByType[type.Key]);
        foreach (var channel in inRange.Where(e => e.Channel is not null).GroupBy(e => e.Channel!))
            Assert.Equal(channel.Count(), stats.ByChannel[channel.Key]);
        Assert.Equal(inRange.Count, stats.OverTime!.Sum(b => b.Count));
    }

    private async Task<EventStats> StatsAsync(DateTimeOffset from, DateTimeOffset to) =>
        (await Client.GetFromJsonAsync<EventStats>($"/api/events/stats?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}"))!;

    private static object Body((string Type, string? Channel, DateTimeOffset Ts) e) => new { type = e.Type, channel = e.Channel, ts = Iso(e.Ts) };

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
