using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Events;

public sealed class FunnelAndAttributionTests(TestServers servers) : EventsTest(servers)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string At(double hours) => T0.AddHours(hours).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    [Theory]
    [InlineData("/api/events/funnel")]
    [InlineData("/events/funnel")]
    public async Task The_funnel_counts_people_in_order_within_the_window(string path)
    {
        var a = await NewPersonAsync("a@example.com");
        var b = await NewPersonAsync("b@example.com");
        var c = await NewPersonAsync("c@example.com");
        var d = await NewPersonAsync("d@example.com");
        await IngestBatchAsync(
        [
            // a: sent → opened (+1 h) → clicked (+3 h): completes.
            new { type = "email.sent", channel = "email", personId = a, ts = At(0) },
            new { type = "email.opened", channel = "email", personId = a, ts = At(1) },
            new { type = "email.clicked", channel = "email", personId = a, ts = At(3) },
            // b: sent → opened (+3 h); the click came before the open, so it does not count.
            new { type = "email.sent", channel = "sms", personId = b, ts = At(0) },
            new { type = "email.clicked", channel = "email", personId = b, ts = At(2) },
            new { type = "email.opened", channel = "email", personId = b, ts = At(3) },
            // c: sent, opened after the window (48 h): stops at step 1.
            new { type = "email.sent", channel = "email", personId = c, ts = At(0) },
            new { type = "email.opened", channel = "email", personId = c, ts = At(50) },
            // d: never sent to: not in the funnel at all.
            new { type = "email.opened", channel = "email", personId = d, ts = At(1) },
        ]);

        var response = await Client.PostAsJsonAsync(path, new
        {
            steps = new[] { "email.sent", "email.opened", "email.clicked" }, windowSeconds = 24 * 3600, breakdown = "channel",
        });

        response.EnsureSuccessStatusCode();
        var funnel = (await response.Content.ReadFromJsonAsync<FunnelResult>())!;
        Assert.Equal([3L, 2L, 1L], funnel.Steps.Select(s => s.Count));
        Assert.Equal([1.0, 2.0 / 3, 1.0 / 3], funnel.Steps.Select(s => s.ConversionRate), new RoundedComparer());
        // Gaps sent→opened: 1 h and 3 h → median 2 h; opened→clicked: 2 h.
        Assert.Equal(7200, funnel.Steps[1].MedianSecondsFromPrevious);
        Assert.Equal(7200, funnel.Steps[2].MedianSecondsFromPrevious);
        var email = funnel.Breakdown!.Single(x => x.Channel == "email");
        var sms = funnel.Breakdown!.Single(x => x.Channel == "sms");
        Assert.Equal([2L, 1L, 1L], email.Steps.Select(s => s.Count));
        Assert.Equal([1L, 1L, 0L], sms.Steps.Select(s => s.Count));
    }

    [Fact]
    public async Task A_person_enters_the_funnel_at_their_earliest_first_step_and_on_its_channel()
    {
        var p = await NewPersonAsync("entry@example.com");
        await IngestBatchAsync(
        [
            // Two first steps: the later one is on email, the earlier (the entry) on sms.
            new { type = "email.sent", channel = "email", personId = p, ts = At(5) },
            new { type = "email.sent", channel = "sms", personId = p, ts = At(0) },
            // Opened 30 h after the entry: outside a 24 h window from the entry, inside it from the later send.
            new { type = "email.opened", channel = "email", personId = p, ts = At(30) },
        ]);

        var response = await Client.PostAsJsonAsync("/api/events/funnel", new
        {
            steps = new[] { "email.sent", "email.opened" }, windowSeconds = 24 * 3600, breakdown = "channel",
        });

        response.EnsureSuccessStatusCode();
        var funnel = (await response.Content.ReadFromJsonAsync<FunnelResult>())!;
        Assert.Equal([1L, 0L], funnel.Steps.Select(s => s.Count));
        var entry = Assert.Single(funnel.Breakdown!);
        Assert.Equal("sms", entry.Channel);
    }

    [Fact]
    public async Task A_funnel_with_one_step_or_a_bad_type_is_400()
    {
        await (await Client.PostAsJsonAsync("/api/events/funnel", new { steps = new[] { "email.sent" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/events/funnel", new { steps = new[] { "email.sent", "Bad" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("first_touch", new[] { 1.0, 0, 0, 0 })]
    [InlineData("last_touch", new[] { 0, 0, 0, 1.0 })]
    [InlineData("linear", new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData("position_based", new[] { 0.4, 0.1, 0.1, 0.4 })]
    public async Task Attribution_credits_the_persons_touches_before_the_conversion(string model, double[] expected)
    {
        var (conversion, touches) = await ConversionWithFourTouchesAsync();

        foreach (var prefix in new[] { "/api/events/", "/events/" })
        {
            var attribution = await Client.GetFromJsonAsync<Attribution>($"{prefix}{conversion}/attribution?model={model}");

            Assert.Equal(model, attribution!.Model);
            Assert.Equal(touches, attribution.Touchpoints.Select(t => t.Id));
            Assert.Equal(expected, touches.Select(t => attribution.Weights[t]), new RoundedComparer());
            Assert.Equal(1.0, attribution.Weights.Values.Sum(), 9);
            Assert.Equal(10_001, attribution.Revenue);
            Assert.Equal(10_001, attribution.RevenueShares.Values.Sum());
        }
    }

    [Fact]
    public async Task Time_decay_gives_later_touches_more_credit()
    {
        var (conversion, touches) = await ConversionWithFourTouchesAsync();

        var attribution = await Client.GetFromJsonAsync<Attribution>($"/api/events/{conversion}/attribution?model=time_decay&halfLifeDays=1");

        var weights = touches.Select(t => attribution!.Weights[t]).ToList();
        Assert.True(weights.Zip(weights.Skip(1)).All(p => p.First < p.Second), string.Join(", ", weights));
        Assert.Equal(1.0, weights.Sum(), 9);
    }

    [Fact]
    public async Task Attribution_of_an_unknown_or_foreign_event_is_404_and_a_bad_model_400()
    {
        var (conversion, _) = await ConversionWithFourTouchesAsync();
        await (await Client.GetAsync("/api/events/evt_nope/attribution")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var (_, otherKey) = await CreateWorkspaceAsync("other");
        await (await ClientWithKey(otherKey).GetAsync($"/api/events/{conversion}/attribution")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Client.GetAsync($"/api/events/{conversion}/attribution?model=u_shaped")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_summary_sums_credit_per_channel_objective_and_snippet()
    {
        await ConversionWithFourTouchesAsync();

        var summary = await Client.GetFromJsonAsync<AttributionSummary>(
            $"/api/events/attribution/summary?model=linear&from={At(-100)}&to={At(100)}");

        Assert.Equal(1, summary!.Conversions);
        Assert.Equal(10_001, summary.Revenue);
        Assert.Equal(0, summary.UnattributedConversions);
        Assert.Equal(0.75, summary.ByChannel.Single(r => r.Key == "email").Conversions, 6);
        Assert.Equal(0.25, summary.ByChannel.Single(r => r.Key == "sms").Conversions, 6);
        Assert.Equal(10_001, summary.ByChannel.Sum(r => r.Revenue));
        Assert.Equal(0.5, summary.ByObjective.Single(r => r.Key == "demo_book").Conversions, 6);
        Assert.Equal(0.25, summary.BySnippet.Single(r => r.Key == "snip_a").Conversions, 6);
    }

    /// <summary>Four touches (−3 d, −2 d, −1 d, −1 h), one open out of the lookback (−40 d), and a purchase of 10 001 cents.</summary>
    private async Task<(string Conversion, string[] Touches)> ConversionWithFourTouchesAsync()
    {
        var p = await NewPersonAsync("buyer@example.com");
        var other = await NewPersonAsync("someone@example.com");
        await IngestBatchAsync(
        [
            new { type = "email.opened", channel = "email", personId = p, ts = At(-40 * 24), metadata = new { idempotencyKey = "old" } },
            new { type = "email.sent", channel = "email", personId = p, ts = At(-72), metadata = new { idempotencyKey = "t1", objective = "demo_book", snippetIds = new[] { "snip_a" } } },
            new { type = "email.opened", channel = "email", personId = p, ts = At(-48), metadata = new { idempotencyKey = "t2", objective = "demo_book" } },
            new { type = "email.delivered", channel = "email", personId = p, ts = At(-47), metadata = new { idempotencyKey = "not-a-touch" } },
            new { type = "sms.sent", channel = "sms", personId = p, ts = At(-24), metadata = new { idempotencyKey = "t3" } },
            new { type = "email.clicked", channel = "email", personId = p, ts = At(-1), metadata = new { idempotencyKey = "t4" } },
            new { type = "email.clicked", channel = "email", personId = other, ts = At(-1), metadata = new { idempotencyKey = "elsewhere" } },
        ]);
        var conversion = await IngestAsync(new { type = "conversion.purchase", source = "stripe", personId = p, ts = At(0), payload = new { amount = 10_001, currency = "usd" } });
        var touches = await Client.PostAsJsonAsync("/api/events/query", new { personId = p, dateFrom = At(-100), dateTo = At(-0.5) });
        var ordered = (await touches.Content.ReadFromJsonAsync<Event[]>())!
            .Where(e => e.Type != "email.delivered").OrderBy(e => e.Ts).Select(e => e.Id).ToArray();
        return (conversion.Id, ordered);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

        public int GetHashCode(double obj) => 0;
    }
}
