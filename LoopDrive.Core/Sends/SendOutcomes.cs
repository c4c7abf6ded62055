using LoopDrive.Core.Data;

namespace LoopDrive.Core.Sends;

/// <summary>The state changes a gate verdict or a failure makes, shared by compose and dispatch.</summary>
public static class SendOutcomes
{
    /// <returns>True when the verdict stopped the send here (deferred, skipped or failed).</returns>
    public static bool ApplyVerdict(LoopDriveDbContext db, Send send, GateDecision verdict, DateTimeOffset now)
    {
        GateDecisionLog.Append(send, verdict);
        send.UpdatedAt = now;
        switch (verdict.Outcome)
        {
            case GateDecision.Allow:
                return false;
            case GateDecision.Defer:
                send.Status = SendStatuses.Deferred;
                send.ScheduledFor = verdict.Until ?? now.AddMinutes(1);
                send.ErrorCode = verdict.Code;
                SendJournal.Add(db, send, SendStatuses.Deferred, "gate", now, verdict.Code, verdict.Detail);
                return true;
            case GateDecision.Skip:
                send.Status = SendStatuses.Skipped;
                send.ErrorCode = verdict.Code;
                send.Error = verdict.Detail;
                SendJournal.Add(db, send, SendStatuses.Skipped, "gate", now, verdict.Code, verdict.Detail);
                return true;
            default:
                Fail(db, send, verdict.Code, verdict.Detail, now);
                return true;
        }
    }

    public static void Fail(LoopDriveDbContext db, Send send, string code, string detail, DateTimeOffset now)
    {
        send.Status = SendStatuses.Failed;
        send.ErrorCode = code;
        send.Error = detail;
        send.UpdatedAt = now;
        SendJournal.Add(db, send, SendStatuses.Failed, "dispatch", now, code, detail);
    }
}
