using System.Text.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.Sends;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Sends;

/// <summary>Sends contract records shaped like real API answers.</summary>
public static class SendsSamples
{
    private static readonly DateTimeOffset Now = ContractSamples.Now;

    public static SendResult Send(string id = "snd_01a", string status = "delivered", string channel = "email", string personId = "per_01ada",
        string? code = null) =>
        new(id, status, personId, channel, QueuedAt: Now.AddMinutes(-5), SentAt: status is "queued" or "skipped" ? null : Now.AddMinutes(-4), Code: code);

    public static SendStatus Status(string id = "snd_01a", string status = "skipped", string? code = "quiet_hours") =>
        new(id, status,
            [new Event("sev_01", "ws_01demo", null, "per_01ada", "send.queued", "email", "api", JsonSerializer.SerializeToElement(new { sendId = id }), Now.AddMinutes(-5), null)],
            Now,
            [
                new GateVerdict("accept", "allow", "allowed", "Consent and suppression passed.", Now.AddMinutes(-5)),
                new GateVerdict("dispatch", "skip", "no_consent", "No marketing consent on email.", Now.AddMinutes(-4)),
            ],
            code,
            status == "skipped" ? "No marketing consent on email." : null);

    public static BulkJobStatus Bulk(int sent, int skipped, int queued, string status = "running") =>
        new("bulk_01", status, "email", 10, queued, sent, 0, Now.AddMinutes(-1), status == "completed" ? Now : null, skipped,
            (sent + skipped) / 10.0);
}
