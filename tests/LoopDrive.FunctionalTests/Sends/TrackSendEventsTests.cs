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
/// send of another workspace.
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

    private int _events;

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

    private async Task<string> AddSendAsync(string workspaceId, string person, string status)
    {
        await using var db = Servers.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var send = new Send
        {
            Id = Ids.New("send"), WorkspaceId = workspaceId, PersonId = person, Channel = "email", Purpose = "marketing", Status = status,
            Recipient = "someone@example.com", Body = "Fresh bread.", ScheduledFor = now, QueuedAt = now, UpdatedAt = now, SentAt = now,
        };
        db.Sends.Add(send);
        await db.SaveChangesAsync();
        return send.Id;
    }
}
