using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using Bunit;
using LoopDrive.Contracts.Events;
using LoopDrive.Web.Components.Pages.Events;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Events;

public sealed class EventsComponentTests : DashboardTestContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void The_explorer_pages_forward_with_the_keyset_cursor_and_back_again()
    {
        Api.Then(_ => WithCursor(ScriptedApiHandler.JsonReply(HttpStatusCode.OK, new[] { EventsSamples.Event("evt_02"), EventsSamples.Event("evt_01") }), "cur_2"));
        Api.ThenJson(HttpStatusCode.OK, new[] { EventsSamples.Event("evt_00", "email.delivered") });
        Api.Then(_ => WithCursor(ScriptedApiHandler.JsonReply(HttpStatusCode.OK, new[] { EventsSamples.Event("evt_02"), EventsSamples.Event("evt_01") }), "cur_2"));
        RenderProviders();
        var explorer = Render<EventExplorer>(p => p.Add(x => x.PageSize, 2));

        explorer.WaitForAssertion(() => Assert.Equal(2, explorer.FindAll("tr.event-row").Count), Deadline);
        Assert.True(explorer.Find("button.events-newer").HasAttribute("disabled"));

        explorer.Find("button.events-older").Click();
        explorer.WaitForAssertion(() => Assert.Equal(["email.delivered"], explorer.FindAll(".event-type").Select(e => e.TextContent)), Deadline);
        Assert.Equal("cur_2", Body(1).GetProperty("cursor").GetString());
        Assert.True(explorer.Find("button.events-older").HasAttribute("disabled"));

        explorer.Find("button.events-newer").Click();
        explorer.WaitForAssertion(() => Assert.Equal(2, explorer.FindAll("tr.event-row").Count), Deadline);
        Assert.False(Body(2).TryGetProperty("cursor", out var c) && c.ValueKind != JsonValueKind.Null);
        Assert.Equal(2, Body(2).GetProperty("limit").GetInt32());
    }

    [Fact]
    public void Filtering_by_type_and_person_restarts_from_the_first_page_and_an_empty_answer_says_so()
    {
        Api.OnJson(HttpMethod.Post, "/api/events/query", Array.Empty<Event>());
        RenderProviders();
        var explorer = Render<EventExplorer>();
        explorer.WaitForAssertion(() => Assert.Contains("No event matches", explorer.Find(".events-empty").TextContent, StringComparison.Ordinal), Deadline);

        explorer.Find(".event-filter-types input").Change("email.opened, email.clicked");
        explorer.Find(".event-filter-person input").Change("per_01ada");

        explorer.WaitForAssertion(() => Assert.Equal(3, Api.Requests.Count), Deadline);
        var last = Body(2);
        Assert.Equal(["email.opened", "email.clicked"], last.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("per_01ada", last.GetProperty("personId").GetString());
    }

    [Fact]
    public void The_charts_show_totals_by_type_and_an_empty_range_says_so()
    {
        Api.ThenJson(HttpStatusCode.OK, EventsSamples.Stats());
        Api.ThenJson(HttpStatusCode.OK, EventsSamples.Stats(0) with { ByType = new Dictionary<string, long>(), ByChannel = new Dictionary<string, long>(), OverTime = [] });
        RenderProviders();
        var charts = Render<EventCharts>();

        charts.WaitForAssertion(() =>
        {
            Assert.Equal("30 events", charts.Find(".stats-total").TextContent);
            Assert.Equal(["email.opened", "email.clicked"], charts.FindAll(".stats-type").Select(t => t.TextContent));
            Assert.NotEmpty(charts.FindAll(".stats-over-time svg"));
        }, Deadline);

        charts.FindAll(".stats-range button")[2].Click();

        charts.WaitForAssertion(() => Assert.NotNull(charts.Find(".stats-empty")), Deadline);
        var query = Api.Requests[1].Uri.Query;
        Assert.Contains("from=", query, StringComparison.Ordinal);
        var from = DateTimeOffset.Parse(Uri.UnescapeDataString(query.Split('&').First(p => p.TrimStart('?').StartsWith("from=", StringComparison.Ordinal)).Split('=')[1]), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Time.GetUtcNow().AddDays(-30), from, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_funnel_sends_its_steps_and_window_and_shows_each_steps_conversion()
    {
        Api.OnJson(HttpMethod.Post, "/api/events/funnel", new FunnelResult(
            [EventsSamples.Step("email.delivered", 100, 1), EventsSamples.Step("email.opened", 40, 0.4), EventsSamples.Step("email.clicked", 10, 0.1)], 7 * 86_400));
        RenderProviders();
        var funnel = Render<FunnelBuilder>();

        funnel.Find("button.funnel-run").Click();

        funnel.WaitForAssertion(() =>
        {
            Assert.Equal(["100", "40", "10"], funnel.FindAll(".funnel-count").Select(c => c.TextContent));
            Assert.Equal(["100.0 %", "40.0 %", "10.0 %"], funnel.FindAll(".funnel-conversion").Select(c => c.TextContent));
        }, Deadline);
        var body = Body(0);
        Assert.Equal(["email.delivered", "email.opened", "email.clicked"], body.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(604_800, body.GetProperty("windowSeconds").GetInt64());
    }

    [Fact]
    public void A_refused_funnel_step_shows_its_error_at_the_step()
    {
        Api.Then(_ => ScriptedApiHandler.Problem(HttpStatusCode.BadRequest, "The request is invalid", "validation_failed",
            new Dictionary<string, string[]> { ["steps[1]"] = ["A lower-case dotted event type."] }));
        RenderProviders();
        var funnel = Render<FunnelBuilder>();

        funnel.Find("button.funnel-run").Click();

        funnel.WaitForAssertion(() => Assert.Contains("A lower-case dotted event type.", funnel.Find(".funnel-step-1").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Empty(funnel.FindAll(".funnel-result"));
    }

    [Fact]
    public void The_attribution_panel_switches_model_and_shows_each_touchpoints_credit()
    {
        var conversion = EventsSamples.Event("evt_conv", "conversion.purchase");
        var touch = EventsSamples.Event("evt_t1", "email.clicked", minutesAgo: 60);
        var touch2 = EventsSamples.Event("evt_t2", "sms.delivered", "sms", minutesAgo: 30);
        Api.ThenJson(HttpStatusCode.OK, new Attribution(conversion, [touch, touch2], "linear", new Dictionary<string, double> { ["evt_t1"] = 0.5, ["evt_t2"] = 0.5 },
            10_000, "usd", new Dictionary<string, long> { ["evt_t1"] = 5_000, ["evt_t2"] = 5_000 }, 30));
        Api.ThenJson(HttpStatusCode.OK, new Attribution(conversion, [touch, touch2], "first_touch", new Dictionary<string, double> { ["evt_t1"] = 1, ["evt_t2"] = 0 },
            10_000, "usd", new Dictionary<string, long> { ["evt_t1"] = 10_000, ["evt_t2"] = 0 }, 30));
        RenderProviders();
        var panel = Render<AttributionPanel>(p => p.Add(x => x.ConversionId, "evt_conv"));

        panel.WaitForAssertion(() => Assert.Equal(["50.0 %", "50.0 %"], panel.FindAll(".attribution-weight").Select(w => w.TextContent)), Deadline);
        Assert.Equal("?model=linear", Api.Requests[0].Uri.Query);

        panel.FindComponent<MudBlazor.MudSelect<string>>().InvokeAsync(() =>
            panel.FindComponent<MudBlazor.MudSelect<string>>().Instance.ValueChanged.InvokeAsync("first_touch"));

        panel.WaitForAssertion(() => Assert.Equal(["100.0 %", "0.0 %"], panel.FindAll(".attribution-weight").Select(w => w.TextContent)), Deadline);
        Assert.Equal("?model=first_touch", Api.Requests[1].Uri.Query);
    }

    [Fact]
    public void The_live_tail_puts_each_streamed_event_on_top_as_it_arrives()
    {
        var pipe = new Pipe();
        Api.On(HttpMethod.Get, "/api/events/stream", _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(pipe.Reader.AsStream()) { Headers = { { "Content-Type", "text/event-stream" } } },
        });
        RenderProviders();
        var tail = Render<LiveTail>();
        tail.WaitForAssertion(() => Assert.Equal("true", tail.Find(".tail-state").GetAttribute("data-connected")), Deadline);
        Assert.NotNull(tail.Find(".tail-empty"));

        Write(pipe, "1-0", EventsSamples.Event("evt_a", "email.delivered"));
        tail.WaitForAssertion(() => Assert.Equal(["email.delivered"], tail.FindAll(".tail-type").Select(t => t.TextContent)), Deadline);
        Write(pipe, "2-0", EventsSamples.Event("evt_b", "email.opened"));

        tail.WaitForAssertion(() => Assert.Equal(["email.opened", "email.delivered"], tail.FindAll(".tail-type").Select(t => t.TextContent)), Deadline);
        Assert.Single(Api.Requests);
    }

    [Fact]
    public void The_event_detail_shows_the_payload_and_attribution_only_for_a_conversion()
    {
        Api.OnJson(HttpMethod.Get, "/api/events/evt_01", EventsSamples.Event());
        RenderProviders();
        var page = Render<EventDetailPage>(p => p.Add(x => x.EventId, "evt_01"));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("email.opened", page.Find(".event-detail-type").TextContent);
            Assert.Contains("snd_01a", page.Find(".event-payload").TextContent, StringComparison.Ordinal);
        }, Deadline);
        Assert.Empty(page.FindAll(".attribution"));
    }

    private JsonElement Body(int request) => JsonDocument.Parse(Api.Requests[request].Body!).RootElement;

    private static HttpResponseMessage WithCursor(HttpResponseMessage response, string cursor)
    {
        response.Headers.Add("X-Next-Cursor", cursor);
        return response;
    }

    private static void Write(Pipe pipe, string id, Event e)
    {
        var frame = $"id: {id}\ndata: {JsonSerializer.Serialize(e, Json)}\n\n";
        pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(frame)).AsTask().GetAwaiter().GetResult();
    }
}
