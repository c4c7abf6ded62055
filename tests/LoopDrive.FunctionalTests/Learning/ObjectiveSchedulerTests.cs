using System.Net.Http.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Learning;
using LoopDrive.Core.People;
using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>The objective scheduler against the real database: one send per due slot, none without consent, none for paused objectives, none into a closed messaging window.</summary>
public sealed class ObjectiveSchedulerTests(TestServers servers) : ApiTest(servers)
{
    private string _workspaceId = null!;
    private HttpClient _client = null!;

    // An open sending window all day and no look-ahead, so a due touch is queued at once whatever the hour the suite runs.
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Sends:WindowOpensHour"] = "0",
        ["Sends:WindowClosesHour"] = "0",
        ["Learning:Objectives:SendTimeHorizon"] = "00:00:00",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (workspace, key) = await CreateWorkspaceAsync("objectives");
        _workspaceId = workspace.Id;
        _client = ClientWithKey(key);
    }

    [Fact]
    public async Task An_active_objective_with_consent_gets_exactly_one_queued_send_and_a_second_pass_before_the_gap_adds_nothing()
    {
        var personId = await NewPersonAsync("ada@example.com", consent: true);
        var objectiveId = await NewObjectiveAsync(personId, "active");

        var first = await PassAsync();
        var second = await PassAsync();

        Assert.Equal((1, 1, 0), (first.Due, first.Scheduled, first.Skipped));
        Assert.Equal(0, second.Due);
        await using var db = Servers.CreateDbContext();
        var send = await db.Sends.SingleAsync();
        Assert.Equal((personId, "email", SendStatuses.Queued, "nurture", (string?)null), (send.PersonId, send.Channel, send.Status, send.Objective, send.Body));
        Assert.Contains(objectiveId, send.Metadata);
        var touch = await db.ObjectiveTouches.SingleAsync();
        Assert.Equal((1, ObjectiveTouchStatuses.Scheduled, send.Id), (touch.Touch, touch.Status, touch.SendId));
        Assert.True(touch.NextDueAt >= send.ScheduledFor + SendTimeEstimator.DefaultGap - TimeSpan.FromSeconds(1), $"next due {touch.NextDueAt}");
    }

    [Fact]
    public async Task Without_consent_no_send_is_made_and_the_slot_is_recorded_as_skipped()
    {
        var personId = await NewPersonAsync("nobody@example.com", consent: false);
        await NewObjectiveAsync(personId, "active");

        var result = await PassAsync();

        Assert.Equal((1, 0, 1), (result.Due, result.Scheduled, result.Skipped));
        await using var db = Servers.CreateDbContext();
        Assert.Equal(0, await db.Sends.CountAsync());
        Assert.Equal("no_channel", (await db.ObjectiveTouches.SingleAsync()).Reason);
        Assert.Equal(0, (await PassAsync()).Due);
    }

    [Fact]
    public async Task A_paused_objective_is_not_touched()
    {
        var personId = await NewPersonAsync("paused@example.com", consent: true);
        await NewObjectiveAsync(personId, "paused");

        var result = await PassAsync();

        Assert.Equal(0, result.Due);
        await using var db = Servers.CreateDbContext();
        Assert.Equal(0, await db.Sends.CountAsync());
        Assert.Equal(0, await db.ObjectiveTouches.CountAsync());
    }

    [Fact]
    public async Task A_pending_send_holds_the_next_touch_back_even_when_the_gap_has_passed_and_a_finished_one_lets_it_go()
    {
        var personId = await NewPersonAsync("cadence@example.com", consent: true);
        await NewObjectiveAsync(personId, "active");
        await PassAsync();
        await using (var db = Servers.CreateDbContext())
            await db.ObjectiveTouches.ExecuteUpdateAsync(t => t.SetProperty(x => x.NextDueAt, DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Equal(0, (await PassAsync()).Due);

        await using (var db = Servers.CreateDbContext())
            await db.Sends.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SendStatuses.Delivered));
        var next = await PassAsync();

        Assert.Equal((1, 1), (next.Due, next.Scheduled));
        await using var check = Servers.CreateDbContext();
        Assert.Equal([1, 2], await check.ObjectiveTouches.OrderBy(t => t.Touch).Select(t => t.Touch).ToListAsync());
        Assert.Equal(2, await check.Sends.CountAsync());
    }

    [Fact]
    public async Task A_person_reachable_only_on_whatsapp_outside_its_24_hour_window_is_skipped_for_that_reason_without_a_send()
    {
        var personId = await NewWhatsAppPersonAsync("+14155550101");
        await NewObjectiveAsync(personId, "active");

        var result = await PassAsync();

        Assert.Equal((1, 0, 1), (result.Due, result.Scheduled, result.Skipped));
        await using var db = Servers.CreateDbContext();
        Assert.Equal(0, await db.Sends.CountAsync());
        Assert.Equal(MessagingWindow.OutsideCode, (await db.ObjectiveTouches.SingleAsync()).Reason);
    }

    [Fact]
    public async Task A_person_who_wrote_on_whatsapp_within_the_window_is_touched_there_and_the_gate_lets_it_go_free_form()
    {
        var personId = await NewWhatsAppPersonAsync("+14155550102");
        await NewObjectiveAsync(personId, "active");
        await using (var db = Servers.CreateDbContext())
        {
            db.Events.Add(new LoopDrive.Core.Events.Event
            {
                Id = "evt_" + Guid.NewGuid().ToString("N")[..12], WorkspaceId = _workspaceId, PersonId = personId, Type = "dm.replied",
                Channel = "whatsapp", Source = "test", Payload = "{}", Ts = DateTimeOffset.UtcNow.AddHours(-2),
            });
            await db.SaveChangesAsync();
        }

        var result = await PassAsync();

        Assert.Equal((1, 1, 0), (result.Due, result.Scheduled, result.Skipped));
        await using var check = Servers.CreateDbContext();
        var send = await check.Sends.SingleAsync();
        Assert.Equal(("whatsapp", SendStatuses.Queued), (send.Channel, send.Status));
        Assert.DoesNotContain(MessagingWindow.TemplateKey, send.Metadata);
    }

    [Fact]
    public async Task Two_replicas_passing_at_once_touch_each_person_once()
    {
        const int people = 12;
        for (var i = 0; i < people; i++)
            await NewObjectiveAsync(await NewPersonAsync($"pair{i}@example.com", consent: true), "active");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PassOrConflictAsync()));

        Assert.Equal(people, results.Sum(r => r.Scheduled));
        await using var db = Servers.CreateDbContext();
        Assert.Equal(people, await db.Sends.CountAsync());
        Assert.Equal(people, await db.Sends.Select(s => s.PersonId).Distinct().CountAsync());
        Assert.Equal(people, await db.ObjectiveTouches.CountAsync());
    }

    private async Task<ScheduleObjectiveTouches.Result> PassAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(_workspaceId);
        return await scope.ServiceProvider.GetRequiredService<ScheduleObjectiveTouches>().HandleAsync(_workspaceId, CancellationToken.None);
    }

    /// <summary>A replica whose batch lost the race on a touch key rolls back; it then counts as having scheduled nothing.</summary>
    private async Task<ScheduleObjectiveTouches.Result> PassOrConflictAsync()
    {
        try
        {
            return await PassAsync();
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            return new ScheduleObjectiveTouches.Result(0, 0, 0);
        }
    }

    private Task<string> NewPersonAsync(string email, bool consent) => NewPersonAsync(new { email }, consent ? "email" : null);

    /// <summary>A person with a phone number and WhatsApp marketing consent only, so WhatsApp is the one channel they qualify for.</summary>
    private Task<string> NewWhatsAppPersonAsync(string number) => NewPersonAsync(new { phone = number }, "whatsapp");

    /// <summary>A person resolved from the identity given, with marketing consent on <paramref name="consentChannel"/> when one is named.</summary>
    private async Task<string> NewPersonAsync(object identity, string? consentChannel)
    {
        var response = await _client.PostAsJsonAsync("/api/person/resolve", identity);
        response.EnsureSuccessStatusCode();
        var personId = (await response.Content.ReadFromJsonAsync<LoopDrive.Contracts.People.PersonResolutionResult>())!.Person.Id;
        if (consentChannel is null) return personId;
        await using var db = Servers.CreateDbContext();
        db.Consents.Add(new Consent
        {
            Id = "cns_" + Guid.NewGuid().ToString("N")[..12], WorkspaceId = _workspaceId, PersonId = personId, Channel = consentChannel,
            Scope = "marketing", Status = "granted", Source = "test", GrantedAt = DateTimeOffset.UtcNow, CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return personId;
    }

    private async Task<string> NewObjectiveAsync(string personId, string status)
    {
        await using var db = Servers.CreateDbContext();
        var id = "obj_" + Guid.NewGuid().ToString("N")[..12];
        db.Objectives.Add(new Objective
        {
            Id = id, WorkspaceId = _workspaceId, PersonId = personId, Type = "nurture", Status = status,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return id;
    }
}
