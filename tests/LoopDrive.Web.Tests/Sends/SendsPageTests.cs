using System.Net;
using Bunit;
using LoopDrive.Contracts.Sends;
using LoopDrive.Web.Components.Pages.Sends;
using LoopDrive.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Web.Tests.Sends;

public sealed class SendsPageTests : DashboardTestContext
{
    [Fact]
    public void The_log_lists_sends_pages_and_filters_by_person()
    {
        Api.OnJson(HttpMethod.Get, "/api/sends", new SendHistory([SendsSamples.Send(), SendsSamples.Send("snd_02b", "skipped", "sms", code: "quiet_hours")], 30));
        RenderProviders();
        var log = Render<SendLog>(p => p.Add(x => x.PageSize, 2));

        log.WaitForAssertion(() =>
        {
            Assert.Equal(["snd_01a", "snd_02b"], log.FindAll(".send-id").Select(n => n.TextContent));
            Assert.Equal(["delivered", "skipped"], log.FindAll(".send-status").Select(n => n.GetAttribute("data-status")));
            Assert.Contains("Quiet hours", log.FindAll(".send-reason")[1].TextContent, StringComparison.Ordinal);
            Assert.Contains("1–2 of 30", log.Find(".send-page").TextContent, StringComparison.Ordinal);
        }, Deadline);
        Assert.Equal("?limit=2&offset=0", Api.Requests[0].Uri.Query);

        log.Find("button.send-next").Click();
        log.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Uri.Query == "?limit=2&offset=2"), Deadline);

        log.Find(".send-filter-person input").Change("per_01ada");
        log.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Uri.Query == "?personId=per_01ada&limit=2&offset=0"), Deadline);
    }

    [Fact]
    public void An_empty_log_says_so_and_a_refused_filter_names_its_field()
    {
        Api.ThenJson(HttpStatusCode.OK, new SendHistory([], 0));
        Api.Then(_ => ScriptedApiHandler.Problem(HttpStatusCode.BadRequest, "The request is invalid", "validation_failed",
            new Dictionary<string, string[]> { ["code"] = ["At most 64 characters."] }));
        var (_, snackbars) = RenderProviders();
        var log = Render<SendLog>();

        log.WaitForAssertion(() => Assert.Contains("No sends yet", log.Find(".send-log-empty").TextContent, StringComparison.Ordinal), Deadline);

        log.Find(".send-filter-code input").Change(new string('x', 80));
        snackbars.WaitForAssertion(() => Assert.Contains("code: At most 64 characters.", snackbars.Markup, StringComparison.Ordinal), Deadline);
        log.WaitForAssertion(() => Assert.Contains("could not be loaded", log.Find(".send-log-empty").TextContent, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public void The_compliance_view_counts_skips_by_reason_and_opens_the_skipped_sends_of_one()
    {
        Api.OnJson(HttpMethod.Get, "/api/sends/skipped", new SkipReasonSummary(
            [new SkipReasonCount("no_consent", "email", 7, ContractSamples.Now), new SkipReasonCount("suppressed", "sms", 2, ContractSamples.Now)],
            9, ContractSamples.Now.AddDays(-30), ContractSamples.Now));
        Api.OnJson(HttpMethod.Get, "/api/sends", new SendHistory([SendsSamples.Send("snd_09", "skipped", code: "suppressed")], 1));
        RenderProviders();
        var view = Render<ComplianceView>();

        view.WaitForAssertion(() =>
        {
            Assert.Equal(["no_consent", "suppressed"], view.FindAll(".skip-code").Select(n => n.TextContent));
            Assert.Equal(["7", "2"], view.FindAll(".skip-count").Select(n => n.TextContent));
            Assert.Contains("No consent on this channel", view.Find(".skip-reason").TextContent, StringComparison.Ordinal);
        }, Deadline);

        view.FindAll("tr.skip-reason-row")[1].Click();

        view.WaitForAssertion(() => Assert.Equal(["snd_09"], view.FindAll(".send-id").Select(n => n.TextContent)), Deadline);
        Assert.Equal("?status=skipped&code=suppressed&limit=25&offset=0", Assert.Single(Api.Requests, r => r.Uri.AbsolutePath == "/api/sends").Uri.Query);
    }

    [Fact]
    public void Nothing_skipped_shows_the_empty_state()
    {
        Api.OnJson(HttpMethod.Get, "/api/sends/skipped", new SkipReasonSummary([], 0, ContractSamples.Now.AddDays(-30), ContractSamples.Now));
        RenderProviders();
        var view = Render<ComplianceView>();

        view.WaitForAssertion(() => Assert.Contains("skipped no send", view.Find(".compliance-empty").TextContent, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public void The_detail_shows_gate_decisions_and_the_timeline_and_cancels_a_queued_send()
    {
        Api.ThenJson(HttpStatusCode.OK, SendsSamples.Status("snd_01a", "queued", null));
        Api.OnJson(HttpMethod.Post, "/api/send/snd_01a/cancel", SendsSamples.Status("snd_01a", "cancelled", null));
        RenderProviders();
        var page = Render<SendDetailPage>(p => p.Add(x => x.SendId, "snd_01a"));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["allowed", "no_consent"], page.FindAll(".gate-code").Select(n => n.TextContent));
            Assert.Equal(["allow", "skip"], page.FindAll(".gate-outcome").Select(n => n.TextContent.Trim()));
            Assert.Equal(["send.queued"], page.FindAll(".send-event-type").Select(n => n.TextContent));
        }, Deadline);

        page.Find("button.send-cancel").Click();

        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find(".send-status").GetAttribute("data-status")), Deadline);
        Assert.Empty(page.FindAll("button.send-cancel"));
    }

    [Fact]
    public void A_skipped_send_shows_its_reason_and_an_unknown_send_says_it_could_not_be_loaded()
    {
        Api.ThenJson(HttpStatusCode.OK, SendsSamples.Status());
        Api.Then(_ => ScriptedApiHandler.Problem(HttpStatusCode.NotFound, "send not found", "not_found"));
        RenderProviders();
        var skipped = Render<SendDetailPage>(p => p.Add(x => x.SendId, "snd_01a"));
        skipped.WaitForAssertion(() =>
        {
            Assert.Contains("Quiet hours", skipped.Find(".send-code").TextContent, StringComparison.Ordinal);
            Assert.Contains("No marketing consent", skipped.Find(".send-error").TextContent, StringComparison.Ordinal);
        }, Deadline);

        var missing = Render<SendDetailPage>(p => p.Add(x => x.SendId, "snd_zz"));
        missing.WaitForAssertion(() => Assert.NotNull(missing.Find(".send-missing")), Deadline);
    }

    [Fact]
    public void The_bulk_progress_bar_advances_with_each_poll_and_polling_stops_at_completion()
    {
        Api.ThenJson(HttpStatusCode.OK, SendsSamples.Bulk(sent: 2, skipped: 0, queued: 8));
        Api.ThenJson(HttpStatusCode.OK, SendsSamples.Bulk(sent: 5, skipped: 1, queued: 4));
        Api.OnJson(HttpMethod.Get, "/api/send/bulk/bulk_01", SendsSamples.Bulk(sent: 8, skipped: 2, queued: 0, status: "completed"));
        RenderProviders();
        var page = Render<BulkJobPage>(p => p.Add(x => x.JobId, "bulk_01").Add(x => x.RefreshInterval, TimeSpan.FromSeconds(1)));

        page.WaitForAssertion(() => Assert.Equal("20", page.Find(".bulk-progress").GetAttribute("data-progress")), Deadline);
        Time.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("60", page.Find(".bulk-progress").GetAttribute("data-progress"));
            Assert.Equal("5", page.Find(".bulk-sent").TextContent);
        }, Deadline);
        Time.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("100", page.Find(".bulk-progress").GetAttribute("data-progress"));
            Assert.Equal("completed", page.Find(".bulk-job").GetAttribute("data-status"));
        }, Deadline);

        for (var i = 0; i < 5; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, Api.Requests.Count);
    }

    [Fact]
    public void The_person_history_filters_by_channel_and_opens_a_send()
    {
        Api.OnJson(HttpMethod.Get, "/api/person/per_01ada/sends", new SendHistory([SendsSamples.Send(), SendsSamples.Send("snd_02b", "sent", "sms")], 2));
        RenderProviders();
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = Render<PersonSendsPage>(p => p.Add(x => x.PersonId, "per_01ada"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.history-row").Count), Deadline);
        Assert.Equal("?limit=100", Api.Requests[0].Uri.Query);
        Assert.Contains("2 sends", page.Find(".history-total").TextContent, StringComparison.Ordinal);

        page.FindAll("tr.history-row")[1].Click();
        Assert.EndsWith("/sends/snd_02b", navigation.Uri, StringComparison.Ordinal);
    }
}
