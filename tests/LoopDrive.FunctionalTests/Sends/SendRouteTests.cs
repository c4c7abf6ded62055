using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Sends;

public sealed class SendRouteTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task An_email_with_content_is_queued_with_its_event_and_appears_in_the_history()
    {
        var person = await CreatePersonAsync("ana@example.com");
        var response = await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(To: person, Subject: "Hi", Body: "Fresh bread today."));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<SendResult>())!;
        Assert.StartsWith("send_", result.Id);
        Assert.Equal(("queued", person, "email"), (result.Status, result.PersonId, result.Channel));
        Assert.NotNull(result.QueuedAt);

        var status = await StatusAsync(result.Id);
        Assert.Equal("queued", status.Status);
        Assert.Contains(status.Events, e => e.Type == "send.queued");
        // At acceptance only refusals stop a send; a quiet-hours verdict is recorded and decided again at dispatch.
        Assert.Contains(status.Gate!, g => g.Stage == "accept" && g.Outcome is "allow" or "defer");

        // The SDK's root alias for the per-person history (D12).
        var history = (await Client.GetFromJsonAsync<SendHistory>($"/person/{person}/sends?channels=email"))!;
        Assert.Equal(1, history.Total);
        Assert.Equal(result.Id, history.Sends[0].Id);
        var none = (await Client.GetFromJsonAsync<SendHistory>($"/api/person/{person}/sends?channels=sms"))!;
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public async Task Sms_and_dm_routes_answer_on_their_aliases()
    {
        var person = await CreatePersonAsync("sam@example.com", "+14155550123");
        var sms = await Client.PostAsJsonAsync("/sms/send", new SmsSendRequest(PersonId: person, Body: "Your order is ready."));
        Assert.Equal(HttpStatusCode.Accepted, sms.StatusCode);
        var byNumber = await Client.PostAsJsonAsync("/api/sms/send", new SmsSendRequest(To: "+14155550123", Body: "Second note."));
        Assert.Equal(HttpStatusCode.Accepted, byNumber.StatusCode);
        Assert.Equal(person, (await byNumber.Content.ReadFromJsonAsync<SendResult>())!.PersonId);

        // No instagram handle on the person: refused with a code, not accepted and lost.
        var dm = await Client.PostAsJsonAsync("/social/instagram/dm", new DmSendRequest(PersonId: person, Platform: "instagram", Body: "Hello"));
        await dm.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no_address");
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_contract_codes()
    {
        var person = await CreatePersonAsync("lee@example.com", "+14155550124");
        var other = ClientWithKey((await CreateWorkspaceAsync("other")).Key);
        var foreign = await CreatePersonAsync("far@example.com", client: other);

        await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(Body: "x")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/social/x/dm", new DmSendRequest(PersonId: person, Platform: "reddit", Body: "x")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/sms/send", new SmsSendRequest(To: "4155550124", Body: "x")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, Body: "x", ScheduleFor: DateTimeOffset.UtcNow.AddHours(-1))))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/send/bulk", new BulkSendRequest([.. Enumerable.Range(0, 100_001).Select(i => "per_" + i)], Body: "x")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: foreign, Body: "x")))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Client.PostAsJsonAsync("/api/social/tiktok/dm", new DmSendRequest(PersonId: person, Body: "x")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "platform_unsupported");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/send/send_00000000000000000000000000/status")).StatusCode);
    }

    [Fact]
    public async Task Without_consent_or_when_suppressed_a_send_is_refused_with_a_code()
    {
        var person = await CreatePersonAsync("no@example.com", consent: false);
        await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, Body: "x")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "consent_required");

        var consented = await CreatePersonAsync("bounced@example.com");
        await using (var db = Servers.CreateDbContext())
        {
            db.Suppressions.Add(new Core.Sends.Suppression
            {
                WorkspaceId = WorkspaceId, Channel = "email", Address = "bounced@example.com", Reason = "hard_bounce", CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: consented, Body: "x")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "suppressed");
    }

    [Fact]
    public async Task Cancel_works_only_for_a_send_waiting_for_its_time_and_repeats_answer_the_state()
    {
        var person = await CreatePersonAsync("kim@example.com");
        var later = (await (await Client.PostAsJsonAsync("/api/email/send",
            new EmailSendRequest(PersonId: person, Body: "Tomorrow", SendAt: DateTimeOffset.UtcNow.AddDays(1)))).Content.ReadFromJsonAsync<SendResult>())!;
        Assert.Equal("queued", later.Status);

        var cancelled = await Client.PostAsync($"/send/{later.Id}/cancel", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<SendStatus>())!.Status);
        var again = await Client.PostAsync($"/api/send/{later.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("cancelled", (await again.Content.ReadFromJsonAsync<SendStatus>())!.Status);

        var now = (await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, Body: "Now"))).Content.ReadFromJsonAsync<SendResult>())!;
        await (await Client.PostAsync($"/api/send/{now.Id}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict, "not_cancellable");
    }

    [Fact]
    public async Task A_bulk_job_infers_its_channel_and_reports_counts_that_add_up()
    {
        var a = await CreatePersonAsync("a@example.com", "+14155550131");
        var b = await CreatePersonAsync("b@example.com", "+14155550132");
        var response = await Client.PostAsJsonAsync("/send/bulk", new BulkSendRequest([a, b, a], Body: "Sale today", FromNumber: "+14155550100"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<BulkSendAccepted>())!;
        Assert.Equal(2, accepted.Queued);

        var status = (await Client.GetFromJsonAsync<BulkJobStatus>($"/api/send/bulk/{accepted.JobId}"))!;
        Assert.Equal(("sms", "queued", 2), (status.Channel, status.Status, status.Total));
        Assert.Equal(status.Total, status.Queued + status.Sent + status.Failed + status.Skipped);
    }
}
