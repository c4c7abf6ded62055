using System.Text.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Sends;
using EventContract = LoopDrive.Contracts.Events.Event;

namespace LoopDrive.Api.Sends;

internal static class SendMappings
{
    /// <summary>A send waiting for its time or window is <c>queued</c> to the caller; <c>scheduledFor</c> says until when.</summary>
    public static string ContractStatus(string status) => status switch
    {
        SendStatuses.Deferred or SendStatuses.Dispatching => SendStatuses.Queued,
        _ => status,
    };

    public static SendResult ToResult(this Send s) => new(
        s.Id, ContractStatus(s.Status), s.PersonId, s.Channel, s.ExternalId, s.Error, JsonText.Parse(s.Metadata),
        s.SentAt, s.QueuedAt, s.ErrorCode, s.ScheduledFor);

    public static GateVerdict ToContract(this GateDecision d) => new(d.Stage, d.Outcome, d.Code, d.Detail, d.At, d.Until);

    public static EventContract ToContract(this SendEvent e, Send send) => new(
        e.Id, e.WorkspaceId, null, send.PersonId, "send." + e.Type, send.Channel, e.Source,
        JsonSerializer.SerializeToElement(new { sendId = send.Id, code = e.Code, detail = e.Detail, providerEventId = e.ProviderEventId }),
        e.At, null);
}
