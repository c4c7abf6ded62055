using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Events;

public sealed class QueryTests(TestServers servers) : EventsTest(servers)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string At(int minutes) => T0.AddMinutes(minutes).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    [Theory]
    [InlineData("/api/events/query")]
    [InlineData("/events/query")]
    public async Task Query_filters_by_type_channel_person_and_dates_newest_first(string path)
    {
        var ada = await NewPersonAsync("ada@example.com");
        var bob = await NewPersonAsync("bob@example.com");
        await IngestBatchAsync(
        [
            new { type = "email.sent", channel = "email", personId = ada, ts = At(0) },
            new { type = "email.opened", channel = "email", personId = ada, ts = At(1) },
            new { type = "sms.sent", channel = "sms", personId = ada, ts = At(2) },
            new { type = "email.opened", channel = "email", personId = bob, ts = At(3) },
            new { type = "email.opened", channel = "email", personId = ada, ts = At(90) },
        ]);

        var response = await Client.PostAsJsonAsync(path, new
        {
            workspaceId = WorkspaceId, personId = ada, types = new[] { "email.opened", "email.sent" }, channels = new[] { "email" },
            dateFrom = At(0), dateTo = At(60),
        });

        response.EnsureSuccessStatusCode();
        var events = await response.Content.ReadFromJsonAsync<Event[]>();
        Assert.Equal(["email.opened", "email.sent"], events!.Select(e => e.Type));
    }

    [Fact]
    public async Task Cursor_pages_walk_every_event_once_in_order()
    {
        await IngestBatchAsync(Enumerable.Range(0, 25).Select(i => (object)new { type = "email.sent", ts = At(i % 5) }));

        var seen = new List<Event>();
        string? cursor = null;
        do
        {
            var response = await Client.PostAsJsonAsync("/api/events/query", new { limit = 10, cursor });
            response.EnsureSuccessStatusCode();
            seen.AddRange((await response.Content.ReadFromJsonAsync<Event[]>())!);
            cursor = response.Headers.TryGetValues("X-Next-Cursor", out var values) ? values.Single() : null;
        }
        while (cursor is not null);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(e => e.Ts).Select(e => e.Ts), seen.Select(e => e.Ts));
    }

    [Fact]
    public async Task Offset_paging_and_limits_follow_the_contract()
    {
        await IngestBatchAsync(Enumerable.Range(0, 5).Select(i => (object)new { type = "email.sent", ts = At(i) }));

        var page = await (await Client.PostAsJsonAsync("/events/query", new { limit = 2, offset = 2 })).Content.ReadFromJsonAsync<Event[]>();

        Assert.Equal([At(2), At(1)], page!.Select(e => e.Ts.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'")));
    }

    [Fact]
    public async Task Bad_filters_are_400_and_a_foreign_workspace_is_403()
    {
        await (await Client.PostAsJsonAsync("/api/events/query", new { channels = new[] { "fax" } })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/events/query", new { cursor = "%%%" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/events/query", new { workspaceId = "ws_other" })).AssertProblemAsync(HttpStatusCode.Forbidden, "workspace_mismatch");
    }

    [Theory]
    [InlineData("/api/events/")]
    [InlineData("/events/")]
    public async Task Get_by_id_answers_the_event_and_another_workspaces_id_is_404(string prefix)
    {
        var mine = await IngestAsync(new { type = "email.sent" });
        var (_, otherKey) = await CreateWorkspaceAsync("other");
        var other = ClientWithKey(otherKey);
        var theirs = await (await other.PostAsJsonAsync("/api/events", new { type = "email.sent" })).Content.ReadFromJsonAsync<Event>();

        var found = await Client.GetFromJsonAsync<Event>(prefix + mine.Id);
        var foreign = await Client.GetAsync(prefix + theirs!.Id);

        Assert.Equal(mine.Id, found!.Id);
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("/api/events/stats")]
    [InlineData("/events/stats")]
    public async Task Stats_total_by_type_and_channel_over_the_range(string path)
    {
        await IngestBatchAsync(
        [
            new { type = "email.sent", channel = "email", ts = At(0) },
            new { type = "email.opened", channel = "email", ts = At(10) },
            new { type = "sms.sent", channel = "sms", ts = At(20) },
            new { type = "conversion.purchase", ts = At(30) },
            new { type = "email.sent", channel = "email", ts = At(60 * 24 * 5) },
        ]);

        var stats = await Client.GetFromJsonAsync<EventStats>($"{path}?workspaceId={WorkspaceId}&from={At(-1)}&to={At(60)}");

        Assert.Equal(4, stats!.TotalEvents);
        Assert.Equal(1, stats.ByType["email.sent"]);
        Assert.Equal(1, stats.ByType["conversion.purchase"]);
        Assert.Equal(2, stats.ByChannel["email"]);
        Assert.Equal(1, stats.ByChannel["sms"]);
        Assert.Equal(4, stats.RecentEvents.Count);
        Assert.Equal("conversion.purchase", stats.RecentEvents[0].Type);
        Assert.Equal(4, stats.OverTime!.Sum(b => b.Count));
    }
}
