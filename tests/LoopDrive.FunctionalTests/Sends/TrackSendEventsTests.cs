using LoopDrive.Core.Common;
using LoopDrive.Core.Events;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Sends.Webhooks;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// Plain status events (one per send in a delivery) move their sends and write their timeline
/// entries in one statement per status: forward only, failures only before delivery, and never a
/// send of another workspace. Events that name no send of ours find theirs in one read per kind.
/// </summary>
public sealed class TrackSendEventsTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task Status_events_move_sends_forward_only_journal_every_event_and_leave_other_workspaces_alone()
    {
        var person = await CreatePersonAsync("ana@example.com");
        var (other, otherKey) = await CreateWorkspaceAsync("other");
        var stranger = await CreatePersonAsync("rae@example.com", client: ClientWithKey(otherKey));
        var sent = await AddSendAsync(WorkspaceId, person, SendStatuses.Sent);
        var clicked = await AddSendAsync(WorkspaceId, person, SendStatuses.Clicked);
        var foreign = await AddSendAsync(other.Id, stranger, SendStatuses.Sent);
        var failing = await AddSendAsync(WorkspaceId, person, SendStatuses.Sent);
        var delivered = await AddSendAsync(WorkspaceId, person, SendStatuses.Delivered);

        await TrackAsync(
        [
            Delivery("email.delivered", sent), Delivery("email.delivered", clicked), Delivery("email.delivered", foreign),
            Delivery("email.delivered", "send_missing"), Delivery("email.dropped", failing), Delivery("email.dropped", delivered),
        ]);

        await using var db = Servers.CreateDbContext();
        var sends = await db.Sends.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(s => s.Id);
        Assert.Equal(SendStatuses.Delivered, sends[sent].Status);
        Assert.Equal(SendStatuses.Clicked, sends[clicked].Status);
        Assert.Equal(SendStatuses.Sent, sends[foreign].Status);
        Assert.Equal((SendStatuses.Failed, "provider_failed"), (sends[failing].Status, sends[failing].ErrorCode));
        Assert.Equal((SendStatuses.Delivered, null), (sends[delivered].Status, sends[delivered].ErrorCode));

        var journal = await db.SendEvents.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        Assert.Equal(
            [(sent, "delivered"), (clicked, "delivered"), (failing, "failed"), (delivered, "failed")],
            journal.OrderBy(j => j.ProviderEventId).Select(j => (j.SendId, j.Type)).ToArray());
        Assert.All(journal, j => Assert.Equal((WorkspaceId, "sendgrid"), (j.WorkspaceId, j.Source)));
        Assert.Equal(journal.Count, journal.Select(j => j.ProviderEventId).Distinct().Count());
    }

    [Fact]
    public async Task Events_without_a_send_id_find_theirs_by_message_id_or_for_a_reply_by_the_last_send_that_reached_the_person()
    {
        var ana = await CreatePersonAsync("ana@example.com");
        var bo = await CreatePersonAsync("bo@example.com");
        var (other, otherKey) = await CreateWorkspaceAsync("other");
        var stranger = await CreatePersonAsync("rae@example.com", client: ClientWithKey(otherKey));
        var now = DateTimeOffset.UtcNow;
        var byMessageId = await AddSendAsync(WorkspaceId, ana, SendStatuses.Sent, "sms", sentAt: now.AddHours(-1), externalId: "SM_ana");
        var older = await AddSendAsync(WorkspaceId, bo, SendStatuses.Delivered, "sms", sentAt: now.AddHours(-2));
        var answered = await AddSendAsync(WorkspaceId, bo, SendStatuses.Delivered, "sms", sentAt: now.AddHours(-1));
        var confirmation = await AddSendAsync(WorkspaceId, bo, SendStatuses.Delivered, "sms", sentAt: now.AddMinutes(-10), purpose: SendPurposes.Confirmation);
        var otherChannel = await AddSendAsync(WorkspaceId, bo, SendStatuses.Delivered, "email", sentAt: now.AddMinutes(-5));
        var foreign = await AddSendAsync(other.Id, stranger, SendStatuses.Sent, "sms", sentAt: now.AddHours(-1), externalId: "SM_foreign");

        await TrackAsync(
        [
            Sms("sms.delivered", """{"messageSid":"SM_ana"}"""),
            Sms("sms.delivered", """{"messageSid":"SM_foreign"}"""),
            Sms("sms.replied", """{"text":"Thanks, see you on Friday"}""", bo),
        ]);

        await using var db = Servers.CreateDbContext();
        var sends = await db.Sends.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Status);
        Assert.Equal(SendStatuses.Delivered, sends[byMessageId]);
        Assert.Equal(SendStatuses.Replied, sends[answered]);
        Assert.Equal(
            [SendStatuses.Delivered, SendStatuses.Delivered, SendStatuses.Delivered, SendStatuses.Sent],
            [sends[older], sends[confirmation], sends[otherChannel], sends[foreign]]);
        var journal = await db.SendEvents.IgnoreQueryFilters().AsNoTracking().OrderBy(j => j.ProviderEventId).Select(j => new { j.SendId, j.Type }).ToListAsync();
        Assert.Equal([(byMessageId, "delivered"), (answered, "replied")], journal.Select(j => (j.SendId, j.Type)).ToArray());
    }

    private int _events;

    private Event Sms(string type, string payload, string? personId = null) => new()
    {
        Id = Ids.New("evt"), WorkspaceId = WorkspaceId, PersonId = personId, Type = type, Channel = "sms", Source = "twilio",
        Payload = payload, Ts = DateTimeOffset.UtcNow, IdempotencyKey = $"twilio:{++_events:00}",
    };

    private Event Delivery(string type, string sendId) => new()
    {
        Id = Ids.New("evt"), WorkspaceId = WorkspaceId, Type = type, Channel = "email", Source = "sendgrid",
        Payload = $$"""{"sendId":"{{sendId}}"}""", Ts = DateTimeOffset.UtcNow, IdempotencyKey = $"sendgrid:{++_events:00}",
    };

    private async Task TrackAsync(IReadOnlyList<Event> events)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TrackSendEvents>().HandleAsync(WorkspaceId, events, CancellationToken.None);
    }

    private async Task<string> AddSendAsync(string workspaceId, string person, string status, string channel = "email",
        DateTimeOffset? sentAt = null, string? externalId = null, string purpose = "marketing")
    {
        await using var db = Servers.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var send = new Send
        {
            Id = Ids.New("send"), WorkspaceId = workspaceId, PersonId = person, Channel = channel, Purpose = purpose, Status = status,
            Recipient = "someone@example.com", Body = "Fresh bread.", ScheduledFor = now, QueuedAt = now, UpdatedAt = now, SentAt = sentAt ?? now,
            ExternalId = externalId,
        };
        db.Sends.Add(send);
        await db.SaveChangesAsync();
        return send.Id;
    }
}
