using System.Net;
using Bunit;
using LoopDrive.Contracts.Spine;
using LoopDrive.Web.Components.Layout;
using LoopDrive.Web.Components.Pages.Operations;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Components;

public sealed class OperationsPageTests : DashboardTestContext
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    [Fact]
    public void The_page_shows_every_stream_the_api_reports()
    {
        Api.OnJson(HttpMethod.Get, "/api/ops/queues", ContractSamples.AllStreamsOk());
        RenderProviders();

        var page = Render<OperationsPage>();

        page.WaitForAssertion(() =>
        {
            var names = page.FindAll(".stream-name").Select(e => e.TextContent).ToList();
            Assert.Equal(StreamNames.All, names);
            Assert.Contains("4 rows", page.Find(".outbox-backlog").TextContent, StringComparison.Ordinal);
        }, Deadline);
    }

    [Fact]
    public void The_page_refreshes_every_two_seconds_while_it_is_open()
    {
        Api.ThenJson(HttpStatusCode.OK, ContractSamples.Health(ContractSamples.Stream(StreamNames.EmailSend)));
        Api.OnJson(HttpMethod.Get, "/api/ops/queues",
            ContractSamples.Health(ContractSamples.Stream(StreamNames.EmailSend, "lagging", pending: 7, oldestMs: 40_000)));
        RenderProviders();
        var page = Render<OperationsPage>();
        page.WaitForAssertion(() => Assert.Equal("ok", page.Find(".queue-status").GetAttribute("data-status")), Deadline);

        Time.Advance(Refresh - TimeSpan.FromMilliseconds(1));
        Assert.Single(Api.Requests);
        Time.Advance(TimeSpan.FromMilliseconds(1));

        page.WaitForAssertion(() => Assert.Equal("lagging", page.Find(".queue-status").GetAttribute("data-status")), Deadline);
        Assert.Equal(2, Api.Requests.Count);
    }

    [Fact]
    public async Task Closing_the_page_stops_the_refresh()
    {
        Api.OnJson(HttpMethod.Get, "/api/ops/queues", ContractSamples.AllStreamsOk());
        RenderProviders();
        var page = Render<OperationsPage>();
        page.WaitForAssertion(() => Assert.Single(Api.Requests), Deadline);
        Time.Advance(Refresh);
        page.WaitForAssertion(() => Assert.Equal(2, Api.Requests.Count), Deadline);

        await DisposeComponentsAsync();
        for (var i = 0; i < 5; i++)
        {
            Time.Advance(Refresh);
        }

        Assert.Equal(2, Api.Requests.Count);
    }

    [Fact]
    public void An_api_error_shows_a_snackbar_with_the_problem_title_and_the_page_survives()
    {
        Api.On(HttpMethod.Get, "/api/ops/queues", _ => ScriptedApiHandler.Problem(HttpStatusCode.Forbidden, "This key may not read queue health", "forbidden"));
        var (_, snackbars) = RenderProviders();

        var page = Render<OperationsPage>();

        snackbars.WaitForAssertion(() => Assert.Contains("This key may not read queue health", snackbars.Markup, StringComparison.Ordinal), Deadline);
        page.WaitForAssertion(() => Assert.Contains("No queue measurement yet", page.Markup, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public void A_failure_that_repeats_on_every_refresh_is_announced_once()
    {
        Api.On(HttpMethod.Get, "/api/ops/queues", _ => ScriptedApiHandler.Problem(HttpStatusCode.Forbidden, "This key may not read queue health", "forbidden"));
        var (_, snackbars) = RenderProviders();
        var page = Render<OperationsPage>();

        for (var expected = 1; expected <= 4; expected++)
        {
            page.WaitForAssertion(() => Assert.Equal(expected, Api.Requests.Count), Deadline);
            Time.Advance(Refresh);
        }

        page.WaitForAssertion(() => Assert.Equal(5, Api.Requests.Count), Deadline);
        Assert.Single(snackbars.FindAll(".mud-snackbar"));
    }

    [Fact]
    public void An_unreachable_api_raises_the_banner_and_it_clears_when_the_api_answers()
    {
        // The test client retries once, so two failures make one unreachable refresh.
        Api.ThenNetworkFailure().ThenNetworkFailure();
        Api.OnJson(HttpMethod.Get, "/api/ops/queues", ContractSamples.AllStreamsOk());
        RenderProviders();
        var banner = Render<ApiUnreachableBanner>();

        Render<OperationsPage>();
        banner.WaitForAssertion(() => Assert.Contains("cannot be reached", banner.Markup, StringComparison.Ordinal), Deadline);
        Time.Advance(Refresh);

        banner.WaitForAssertion(() => Assert.Empty(banner.Markup.Trim()), Deadline);
    }

    [Fact]
    public void A_test_ping_shows_its_hand_off_time_once_handled()
    {
        Api.OnJson(HttpMethod.Post, "/api/ops/pings", new Ping("ping_7", PingStatus.Pending, ContractSamples.Now, null, 0, null), HttpStatusCode.Accepted);
        Api.OnJson(HttpMethod.Get, "/api/ops/pings/ping_7", new Ping("ping_7", PingStatus.Handled, ContractSamples.Now, ContractSamples.Now, 1, 3.4));
        RenderProviders();
        var panel = Render<PingPanel>();

        panel.Find("button.send-ping").Click();
        panel.WaitForAssertion(() => Assert.Contains("waiting for a worker", panel.Find(".ping-result").TextContent, StringComparison.Ordinal), Deadline);
        Time.Advance(TimeSpan.FromMilliseconds(250));

        panel.WaitForAssertion(() =>
        {
            var result = panel.Find(".ping-result").TextContent;
            Assert.Contains("hand-off took 3.4 ms", result, StringComparison.Ordinal);
            Assert.Contains("handled 1 time", result, StringComparison.Ordinal);
        }, Deadline);
        Assert.Contains(Api.Requests, r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath == "/api/ops/pings");
    }

    [Fact]
    public void A_ping_no_worker_picks_up_is_reported_as_stuck_after_the_deadline()
    {
        var pending = new Ping("ping_8", PingStatus.Pending, ContractSamples.Now, null, 0, null);
        Api.OnJson(HttpMethod.Post, "/api/ops/pings", pending, HttpStatusCode.Accepted);
        Api.OnJson(HttpMethod.Get, "/api/ops/pings/ping_8", pending);
        RenderProviders();
        var panel = Render<PingPanel>();

        panel.Find("button.send-ping").Click();
        panel.WaitForAssertion(() => Assert.Contains("waiting for a worker", panel.Find(".ping-result").TextContent, StringComparison.Ordinal), Deadline);
        Time.Advance(TimeSpan.FromSeconds(30));

        panel.WaitForAssertion(() => Assert.Contains("still pending after 30 s", panel.Find(".ping-result").TextContent, StringComparison.Ordinal), Deadline);
    }
}
