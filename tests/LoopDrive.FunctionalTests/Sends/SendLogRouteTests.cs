using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>The dashboard's read routes: the workspace's send log and the skip reasons per code.</summary>
public sealed class SendLogRouteTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task The_log_lists_the_workspaces_sends_newest_first_with_filters_and_paging()
    {
        var ana = await CreatePersonAsync("ana@example.com", "+14155550131");
        var ben = await CreatePersonAsync("ben@example.com");
        var first = await SendAsync("/api/email/send", new EmailSendRequest(PersonId: ana, Subject: "One", Body: "First."));
        var second = await SendAsync("/api/sms/send", new SmsSendRequest(PersonId: ana, Body: "Second."));
        var third = await SendAsync("/api/email/send", new EmailSendRequest(PersonId: ben, Subject: "Three", Body: "Third."));
        var other = ClientWithKey((await CreateWorkspaceAsync("other")).Key);
        var stranger = await CreatePersonAsync("far@example.com", client: other);
        (await other.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: stranger, Subject: "x", Body: "Elsewhere."))).EnsureSuccessStatusCode();

        var all = await LogAsync("");
        Assert.Equal(3, all.Total);
        Assert.Equal([third, second, first], all.Sends.Select(s => s.Id));

        Assert.Equal([third, first], (await LogAsync("?channel=email")).Sends.Select(s => s.Id));
        Assert.Equal([second, first], (await LogAsync($"?personId={ana}")).Sends.Select(s => s.Id));
        Assert.Equal(3, (await LogAsync("?status=queued")).Total);
        Assert.Empty((await LogAsync("?status=delivered")).Sends);
        var page = await LogAsync("?limit=1&offset=1");
        Assert.Equal((3, second), (page.Total, Assert.Single(page.Sends).Id));

        await (await Client.GetAsync("/api/sends?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.GetAsync("/api/sends?channel=fax")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Skipped_sends_are_counted_per_reason_and_found_by_their_code()
    {
        var ana = await CreatePersonAsync("ana@example.com");
        var ben = await CreatePersonAsync("ben@example.com");
        var a = await SendAsync("/api/email/send", new EmailSendRequest(PersonId: ana, Subject: "A", Body: "A."));
        var b = await SendAsync("/api/email/send", new EmailSendRequest(PersonId: ben, Subject: "B", Body: "B."));
        await SendAsync("/api/email/send", new EmailSendRequest(PersonId: ben, Subject: "C", Body: "C."));
        Assert.Equal(0, (await Client.GetFromJsonAsync<SkipReasonSummary>("/api/sends/skipped"))!.Total);

        // What the dispatch gate records when it refuses: status skipped with the reason's code.
        await using (var db = Servers.CreateDbContext())
        {
            await db.Sends.IgnoreQueryFilters().Where(s => s.Id == a || s.Id == b)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, "skipped").SetProperty(x => x.ErrorCode, "no_consent").SetProperty(x => x.UpdatedAt, DateTimeOffset.UtcNow));
        }

        var summary = (await Client.GetFromJsonAsync<SkipReasonSummary>("/api/sends/skipped"))!;
        Assert.Equal(2, summary.Total);
        var reason = Assert.Single(summary.Reasons);
        Assert.Equal(("no_consent", "email", 2), (reason.Code, reason.Channel, reason.Count));
        var skipped = await LogAsync("?status=skipped&code=no_consent");
        Assert.Equal([b, a], skipped.Sends.Select(s => s.Id));
        Assert.All(skipped.Sends, s => Assert.Equal("no_consent", s.Code));

        var past = DateTimeOffset.UtcNow.AddDays(-60).ToString("O");
        var before = DateTimeOffset.UtcNow.AddDays(-40).ToString("O");
        Assert.Equal(0, (await Client.GetFromJsonAsync<SkipReasonSummary>($"/api/sends/skipped?from={Uri.EscapeDataString(past)}&to={Uri.EscapeDataString(before)}"))!.Total);
        await (await Client.GetAsync($"/api/sends/skipped?from={Uri.EscapeDataString(before)}&to={Uri.EscapeDataString(past)}"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    private async Task<string> SendAsync<T>(string path, T body)
    {
        var response = await Client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }

    private async Task<SendHistory> LogAsync(string query) => (await Client.GetFromJsonAsync<SendHistory>("/api/sends" + query))!;
}
