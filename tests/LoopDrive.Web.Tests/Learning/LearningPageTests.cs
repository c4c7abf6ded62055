using Bunit;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Components.Pages.Learning;
using LoopDrive.Web.Tests.People;
using LoopDrive.Web.Tests.Support;
using MudBlazor;

namespace LoopDrive.Web.Tests.Learning;

public sealed class LearningPageTests : DashboardTestContext
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    public LearningPageTests() => Time.SetUtcNow(LearningSamples.Now);

    [Fact]
    public void The_dashboard_shows_loop_health_and_each_snippets_win_rate_interval_and_trend_and_refreshes_on_its_timer()
    {
        Api.OnJson(HttpMethod.Get, "/api/learning/health", LearningSamples.Health());
        Api.OnJson(HttpMethod.Get, "/api/learning/snippets", LearningSamples.Snippets());
        RenderProviders();
        var page = Render<LearningDashboard>(p => p.Add(x => x.RefreshInterval, Refresh));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("42", page.Find(".loop-processed").TextContent);
            Assert.Equal("2", page.Find(".loop-dropped").TextContent);
            Assert.Equal("3", page.Find(".loop-ignored").TextContent);
            Assert.Equal("1.4 s", page.Find(".loop-max-lag").TextContent);
            Assert.Equal("1", page.Find(".loop-pending").TextContent);
            Assert.Equal("learning", page.Find(".loop-health").GetAttribute("data-state"));
            Assert.Equal(["snip_strong", "snip_weak"], page.FindAll(".snippet-row").Select(r => r.GetAttribute("data-snippet")));
        }, Deadline);
        var strong = page.Find(".snippet-row[data-snippet=snip_strong]");
        Assert.Equal("50.0 %", strong.QuerySelector(".snippet-win-rate")!.TextContent);
        Assert.Equal("39.7–60.3 %", strong.QuerySelector(".interval-text")!.TextContent);
        Assert.Equal("60", strong.QuerySelector(".snippet-impressions")!.TextContent);
        var trend = strong.QuerySelector("svg.win-rate-trend")!;
        Assert.Equal("3", trend.GetAttribute("data-points"));
        Assert.NotNull(trend.QuerySelector("polygon.trend-band"));
        // A bar for every minute of the hour, the busy one titled with its counts.
        Assert.Equal(60, page.FindAll(".loop-minute").Count);
        Assert.StartsWith("10:28 UTC · 42 processed, 2 dropped, 3 ignored", page.FindAll(".loop-minute")[58].GetAttribute("title"), StringComparison.Ordinal);
        // One day of history draws a dot rather than a line.
        Assert.NotNull(page.Find(".snippet-row[data-snippet=snip_weak] circle.trend-mean"));
        var firstQuery = Assert.Single(Api.Requests, r => r.Uri.AbsolutePath == "/api/learning/snippets").Uri.Query;
        Assert.Equal("?from=2025-10-21&to=2025-11-20&limit=25", firstQuery);

        Time.Advance(Refresh);

        page.WaitForAssertion(() => Assert.Equal(2, Api.Requests.Count(r => r.Uri.AbsolutePath == "/api/learning/health")), Deadline);
    }

    [Fact]
    public void A_new_workspace_sees_an_idle_loop_and_says_what_will_fill_each_view()
    {
        Api.OnJson(HttpMethod.Get, "/api/learning/health", LearningSamples.EmptyHealth());
        Api.OnJson(HttpMethod.Get, "/api/learning/snippets", Array.Empty<object>());
        Api.OnJson(HttpMethod.Get, "/api/learning/prompt-versions", Array.Empty<object>());
        Api.OnJson(HttpMethod.Get, "/api/learning/topics", new LoopDrive.Contracts.Learning.TopicWeightHistory(null, []));
        Api.OnJson(HttpMethod.Get, "/api/learning/send-times", LearningSamples.EmptySendTimes());
        RenderProviders();

        var dashboard = Render<LearningDashboard>();
        var prompts = Render<PromptPerformance>();
        var topics = Render<TopicWeights>();
        var cadence = Render<CadenceOptimizer>();

        dashboard.WaitForAssertion(() =>
        {
            Assert.Equal("idle", dashboard.Find(".loop-health").GetAttribute("data-state"));
            Assert.Contains("no outcomes this hour", dashboard.Find(".loop-state").TextContent, StringComparison.Ordinal);
            Assert.Contains("Win rates appear once messages", dashboard.Find(".snippets-empty").TextContent, StringComparison.Ordinal);
            Assert.Empty(dashboard.FindAll(".loop-minutes"));
        }, Deadline);
        prompts.WaitForAssertion(() => Assert.Contains("explores it next to the active one", prompts.Find(".prompts-empty").TextContent, StringComparison.Ordinal), Deadline);
        topics.WaitForAssertion(() => Assert.Contains("moves the topics", topics.Find(".topics-empty").TextContent, StringComparison.Ordinal), Deadline);
        cadence.WaitForAssertion(() => Assert.Contains("best window appear with the first outcomes", cadence.Find(".send-times-empty").TextContent, StringComparison.Ordinal),
            Deadline);
        Assert.Empty(cadence.FindAll(".heat-cell"));
    }

    [Fact]
    public void Prompt_versions_are_compared_within_each_brand_use_case_and_channel()
    {
        Api.OnJson(HttpMethod.Get, "/api/learning/prompt-versions", LearningSamples.Prompts());
        RenderProviders();
        var page = Render<PromptPerformance>();

        page.WaitForAssertion(() => Assert.Equal(["brand_01|email_nurture|email", "brand_01|sms_winback|sms"],
            page.FindAll(".prompt-group").Select(g => g.GetAttribute("data-group"))), Deadline);
        var email = page.FindAll(".prompt-group")[0];
        Assert.Equal(["25.0 %", "75.0 %"], email.QuerySelectorAll(".prompt-share").Select(s => s.TextContent));
        Assert.Equal(["14.3 %", "32.5 %"], email.QuerySelectorAll(".prompt-win-rate").Select(s => s.TextContent));
        Assert.Equal("2", email.QuerySelector(".prompt-leader")!.Closest("tr")!.GetAttribute("data-version"));
        Assert.Equal("24.2–41.4 %", email.QuerySelectorAll(".interval-text")[1].TextContent);

        page.Find(".prompt-use-case input").Change("sms_winback");

        page.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Uri.Query.StartsWith("?useCase=sms_winback&", StringComparison.Ordinal)), Deadline);
    }

    [Fact]
    public void Topic_weights_show_as_a_heatmap_over_days_and_one_person_can_be_found_by_name()
    {
        Api.OnJson(HttpMethod.Get, "/api/learning/topics", LearningSamples.Topics());
        Api.OnJson(HttpMethod.Get, "/api/person/search", new PersonList([PeopleSamples.Person()], 1));
        var popovers = Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var page = Render<TopicWeights>();

        page.WaitForAssertion(() => Assert.Equal(["pricing", "onboarding"], page.FindAll(".topic-heatmap .heat-row").Select(r => r.TextContent)), Deadline);
        // 30 days back to today: 31 columns; pricing moved on the last two, onboarding on the last.
        var pricing = page.FindAll(".topic-heatmap .heat-cell[data-row='0']");
        Assert.Equal(31, pricing.Count);
        Assert.Equal(["0.40", "0.70"], pricing.TakeLast(2).Select(c => c.GetAttribute("data-shade")));
        Assert.Equal("none", pricing[0].GetAttribute("data-shade"));
        Assert.Contains("mean weight 0.70 over 14 people", pricing[^1].GetAttribute("title"), StringComparison.Ordinal);

        page.FindAll(".scope-toggle button")[1].Click();
        page.Find(".scope-person input").Input("Ada");
        // The picker waits for typing to pause (its debounce runs on the test's clock).
        Time.Advance(TimeSpan.FromSeconds(1));
        popovers.WaitForAssertion(() => Assert.Equal("Ada Lovelace", popovers.Find(".scope-option").TextContent), Deadline);
        popovers.Find(".scope-option").Click();

        Assert.Equal("?q=Ada&limit=10", Assert.Single(Api.Requests, r => r.Uri.AbsolutePath == "/api/person/search").Uri.Query);

        page.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Uri.Query.StartsWith("?personId=per_01ada&", StringComparison.Ordinal)), Deadline);
        page.WaitForAssertion(() => Assert.Equal("/people/per_01ada", page.Find(".scope-person-link").GetAttribute("href")), Deadline);
    }

    [Fact]
    public void The_send_time_heatmap_marks_the_best_window_and_states_it_with_the_recommended_gap()
    {
        Api.OnJson(HttpMethod.Get, "/api/learning/send-times", LearningSamples.SendTimes());
        RenderProviders();
        var page = Render<CadenceOptimizer>();

        page.WaitForAssertion(() => Assert.Equal("Tue 19:00–21:00", page.Find(".cadence-best-window").TextContent), Deadline);
        Assert.Contains("27.5 % engagement · +420 % over the week's average", page.Find(".cadence-best-window-detail").TextContent, StringComparison.Ordinal);
        Assert.Equal("3 days", page.Find(".cadence-gap").TextContent);
        Assert.Equal(168, page.FindAll(".send-time-grid .heat-cell").Count);
        Assert.Equal([("1", "19"), ("1", "20")], page.FindAll(".heat-cell-marked").Select(c => (c.GetAttribute("data-row")!, c.GetAttribute("data-col")!)));
        var peak = page.Find(".heat-cell[data-row='1'][data-col='19']");
        Assert.Equal("1.00", peak.GetAttribute("data-shade"));
        Assert.StartsWith("Tue 19:00 · 30.0 %", peak.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_person_without_sends_gets_the_workspace_pattern_and_is_told_so()
    {
        Api.OnJson(HttpMethod.Get, "/api/learning/send-times", LearningSamples.SendTimes("per_01ada", sends: 0, gapHours: 30));
        Api.OnJson(HttpMethod.Get, "/api/person/per_01ada", PeopleSamples.Person());
        RenderProviders();
        var page = Render<CadenceOptimizer>(p => p.Add(x => x.PersonId, "per_01ada"));

        page.WaitForAssertion(() => Assert.Contains("the workspace's pattern stands in", page.Find(".cadence-prior").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Equal("30 h", page.Find(".cadence-gap").TextContent);
        Assert.Equal("?personId=per_01ada", Assert.Single(Api.Requests, r => r.Uri.AbsolutePath == "/api/learning/send-times").Uri.Query);
    }

    [Fact]
    public void A_failed_load_offers_to_try_again()
    {
        Api.Then(_ => ScriptedApiHandler.Problem(System.Net.HttpStatusCode.BadRequest, "The request is invalid", "validation_failed"));
        var (_, snackbars) = RenderProviders();
        var page = Render<CadenceOptimizer>();

        page.WaitForAssertion(() => Assert.Contains("could not be loaded", page.Find(".empty-state").TextContent, StringComparison.Ordinal), Deadline);
        snackbars.WaitForAssertion(() => Assert.Contains("The request is invalid", snackbars.Markup, StringComparison.Ordinal), Deadline);
    }
}
