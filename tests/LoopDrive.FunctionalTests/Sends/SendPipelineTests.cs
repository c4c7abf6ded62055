using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Sends;

public sealed class SendPipelineTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task A_send_goes_from_the_api_through_the_gate_to_the_provider_once()
    {
        await using var workers = await SendWorkerHost.StartAsync(Servers);
        var person = await CreatePersonAsync("ana@example.com");
        var sent = (await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, Subject: "Hi", Body: "Fresh bread.")))
            .Content.ReadFromJsonAsync<SendResult>())!;

        await Eventually.TrueAsync(async () => (await StatusAsync(sent.Id)).Status == "sent", "the send is dispatched");
        var status = await StatusAsync(sent.Id);
        Assert.Contains(status.Gate!, g => g.Stage == "dispatch" && g.Outcome == "allow");
        Assert.Contains(status.Events, e => e.Type == "send.sent");
        Assert.Equal(1, workers.Provider.Received[sent.Id]);
        var result = (await Client.GetFromJsonAsync<SendHistory>($"/api/person/{person}/sends"))!.Sends.Single();
        Assert.StartsWith("sbx_email_", result.ExternalId);
        Assert.NotNull(result.SentAt);
    }

    [Fact]
    public async Task A_send_without_content_is_composed_in_the_brand_voice_and_then_sent()
    {
        await using var workers = await SendWorkerHost.StartAsync(Servers);
        var person = await CreatePersonAsync("rae@example.com");
        var brand = await Client.PostAsJsonAsync("/api/brand-voice/brands", new BrandUpsert(
            "Northwind", "friendly", "small bakery owners", PreferredVocabulary: ["fresh"], AvoidVocabulary: [], BannedPhrases: [],
            Competitors: [], RequiredDisclaimers: new Dictionary<string, string>(), AllowedLinkDomains: [], Exemplars: []));
        Assert.Equal(HttpStatusCode.Created, brand.StatusCode);
        var brandId = (await brand.Content.ReadFromJsonAsync<BrandContract>())!.Id;

        var sent = (await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, BrandId: brandId, Objective: "nurture")))
            .Content.ReadFromJsonAsync<SendResult>())!;
        await Eventually.TrueAsync(async () => (await StatusAsync(sent.Id)).Status is "sent" or "failed" or "skipped", "the send is composed and dispatched");
        var status = await StatusAsync(sent.Id);
        Assert.Equal("sent", status.Status);
        Assert.Contains(status.Events, e => e.Type == "send.composed");
        Assert.Contains(status.Gate!, g => g.Stage == "compose");
        await using var db = Servers.CreateDbContext();
        var row = await db.Sends.IgnoreQueryFilters().SingleAsync(s => s.Id == sent.Id);
        Assert.False(string.IsNullOrWhiteSpace(row.Body));
        Assert.NotNull(row.CompositionId);
    }

    [Fact]
    public async Task Outside_the_recipients_sending_window_the_send_is_deferred_not_dropped()
    {
        var hour = DateTimeOffset.UtcNow.Hour;
        // A one-hour window two hours from now (UTC workspace, no person zone): now is outside it.
        await using var workers = await SendWorkerHost.StartAsync(Servers, new Dictionary<string, string?>
        {
            ["Sends:WindowOpensHour"] = ((hour + 2) % 24).ToString(),
            ["Sends:WindowClosesHour"] = ((hour + 3) % 24).ToString(),
        });
        var person = await CreatePersonAsync("night@example.com");
        var sent = (await (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, Body: "Tomorrow's bake.")))
            .Content.ReadFromJsonAsync<SendResult>())!;

        await Eventually.TrueAsync(async () => (await StatusAsync(sent.Id)).Gate!.Any(g => g.Stage == "dispatch"), "the dispatcher judged the send");
        var status = await StatusAsync(sent.Id);
        Assert.Equal("queued", status.Status);
        var verdict = status.Gate!.Last(g => g.Stage == "dispatch");
        Assert.Equal(("defer", "quiet_hours"), (verdict.Outcome, verdict.Code));
        Assert.True(verdict.Until > DateTimeOffset.UtcNow);
        Assert.False(workers.Provider.Received.ContainsKey(sent.Id));
    }

    [Fact]
    public async Task Killed_after_the_provider_accepted_and_before_the_result_was_recorded_each_message_still_goes_out_at_most_once()
    {
        const int Sends = 200;
        var faults = new SeededCrashes(seed: 20261126, probability: 0.5);
        // Ten messages per person: the frequency cap is off so every one is due now.
        await using var workers = await SendWorkerHost.StartAsync(Servers, new Dictionary<string, string?> { ["Sends:FrequencyCapPerDay"] = "0" },
            s => s.AddSingleton<ISendFaults>(faults));
        var people = new List<string>();
        for (var i = 0; i < 20; i++) people.Add(await CreatePersonAsync($"p{i}@example.com"));
        var ids = new List<string>();
        for (var i = 0; i < Sends; i++)
        {
            var response = await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: people[i % people.Count], Body: $"Message {i}"));
            ids.Add((await response.Content.ReadFromJsonAsync<SendResult>())!.Id);
        }

        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => await db.Sends.IgnoreQueryFilters().CountAsync(s => s.Status == SendStatuses.Sent) == Sends,
            "every send settles as sent", TimeSpan.FromSeconds(90));
        Assert.True(faults.Crashes > 20, $"the seed crashed only {faults.Crashes} runs");
        foreach (var id in ids)
            Assert.Equal(1, workers.Provider.Received.GetValueOrDefault(id));
        Assert.Equal(Sends, workers.Provider.TotalReceived);
        // Crashed runs were settled by asking the provider, not by calling it again.
        Assert.Equal(faults.Crashes, await db.SendEvents.IgnoreQueryFilters().CountAsync(e => e.Source == "reconcile" && e.Type == SendStatuses.Sent));
    }

    [Fact]
    public async Task Killed_after_the_provider_accepted_each_send_is_still_charged_exactly_once()
    {
        const int Sends = 60;
        const long Price = 3;
        const long Funded = 10_000;
        var envelope = await FundEnvelopeAsync("email", Funded);
        // A killed run's transaction rolls back its charge; the attempt it committed before the call does not.
        var faults = new SeededCrashes(seed: 20261127, probability: 0.5);
        await using var workers = await SendWorkerHost.StartAsync(Servers,
            new Dictionary<string, string?> { ["Sends:FrequencyCapPerDay"] = "0", ["Sends:PriceCents:email"] = Price.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            s => s.AddSingleton<ISendFaults>(faults));
        var people = new List<string>();
        for (var i = 0; i < 10; i++) people.Add(await CreatePersonAsync($"paid{i}@example.com"));
        for (var i = 0; i < Sends; i++)
            (await Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: people[i % people.Count], Body: $"Paid message {i}"))).EnsureSuccessStatusCode();

        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => await db.Sends.IgnoreQueryFilters().CountAsync(s => s.Status == SendStatuses.Sent) == Sends,
            "every send settles as sent", TimeSpan.FromSeconds(90));
        Assert.True(faults.Crashes > 5, $"the seed crashed only {faults.Crashes} runs");
        Assert.Equal(Sends, workers.Provider.TotalReceived);

        var spends = await db.BudgetTransfers.IgnoreQueryFilters().Where(t => t.WorkspaceId == WorkspaceId && t.Kind == TransferKinds.Spend).ToListAsync();
        Assert.Equal(Sends, spends.Count);
        Assert.All(spends, t => Assert.Equal(Price, t.Amount));
        var sendIds = await db.Sends.IgnoreQueryFilters().Where(s => s.WorkspaceId == WorkspaceId).Select(s => s.Id).ToListAsync();
        Assert.Equal(sendIds.Order(StringComparer.Ordinal), spends.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Equal(Funded - Sends * Price, (await db.BudgetAccounts.IgnoreQueryFilters().SingleAsync(a => a.Id == envelope)).Balance);
        Assert.Equal(Sends * Price, (await db.BudgetAccounts.IgnoreQueryFilters().SingleAsync(a => a.Id == LedgerAccounts.Spent(WorkspaceId, "email"))).Balance);
    }

    [Fact]
    public async Task A_revocation_arriving_while_a_thousand_sends_are_queued_lets_none_of_them_out()
    {
        var person = await CreatePersonAsync("stop@example.com", "+14155550150");
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(WorkspaceId);
            var accept = scope.ServiceProvider.GetRequiredService<AcceptSend>();
            var db = scope.ServiceProvider.GetRequiredService<Core.Data.LoopDriveDbContext>();
            for (var i = 0; i < 1000; i++)
            {
                var outcome = await accept.PrepareAsync(WorkspaceId, new SendDraft("sms", person, null, null, $"Offer {i}", null, null, null,
                    null, null, null, null, null, null, null), CancellationToken.None);
                Assert.IsType<AcceptOutcome.Accepted>(outcome);
                if (i % 250 == 249) await db.SaveChangesAsync();
            }
        }
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(WorkspaceId);
            var cancelled = await scope.ServiceProvider.GetRequiredService<ApplyOptOut>()
                .HandleAsync(WorkspaceId, person, "sms", OptOutParser.Parse("please stop texting me"), "sms_reply", CancellationToken.None);
            Assert.Equal(1000, cancelled);
        }

        await using var workers = await SendWorkerHost.StartAsync(Servers);
        await using var check = Servers.CreateDbContext();
        var confirmation = await check.Sends.IgnoreQueryFilters().SingleAsync(s => s.Purpose == SendPurposes.Confirmation);
        await Eventually.TrueAsync(() => Task.FromResult(workers.Provider.Received.ContainsKey(confirmation.Id)), "the one confirmation goes out");
        await Eventually.TrueAsync(async () => await OutboxDrainedAsync(), "every queued message was consumed");
        Assert.Equal(1, workers.Provider.TotalReceived);
        Assert.Equal(1000, await check.Sends.IgnoreQueryFilters().CountAsync(s => s.Status == SendStatuses.Cancelled && s.ErrorCode == "consent_revoked"));
    }

    private async Task<bool> OutboxDrainedAsync()
    {
        await using var db = Servers.CreateDbContext();
        var open = await db.Sends.IgnoreQueryFilters().CountAsync(s => s.Status == SendStatuses.Queued);
        var unpublished = await db.OutboxMessages.CountAsync();
        return open == 0 && unpublished == 0;
    }

    /// <summary>Throws at the seeded sends right after the provider accepted, before anything is recorded — as a killed worker would stop there.</summary>
    private sealed class SeededCrashes(int seed, double probability) : ISendFaults
    {
        private readonly HashSet<string> _crashed = [];
        private int _crashes;

        public int Crashes => Volatile.Read(ref _crashes);

        public void AfterProviderCall(string sendId)
        {
            lock (_crashed)
            {
                if (_crashed.Contains(sendId)) return;
                var roll = new Random(HashCode.Combine(seed, StringComparer.Ordinal.GetHashCode(sendId))).NextDouble();
                if (roll >= probability) return;
                _crashed.Add(sendId);
            }
            Interlocked.Increment(ref _crashes);
            throw new WorkerKilled();
        }
    }

    private sealed class WorkerKilled() : Exception("Injected: the worker died between the provider call and recording its result.");
}
