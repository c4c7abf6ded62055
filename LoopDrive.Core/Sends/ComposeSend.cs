using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using LoopDrive.Core.Voice.Compose;
using Microsoft.Extensions.Logging;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The <c>*.compose</c> consumers' effect for a send without content: gate it (no point writing to
/// someone who may not be contacted), write the primary message through the Voice compose use
/// case, keep it on the send and queue the dispatch — all in the consumer's transaction.
/// </summary>
public sealed class ComposeSend(
    LoopDriveDbContext db,
    SendGate gate,
    ComposeMessage compose,
    Outbox outbox,
    TimeProvider clock,
    ILogger<ComposeSend> logger)
{
    public const string DefaultObjective = "nurture";

    public Task HandleAsync(string sendId, CancellationToken cancellationToken) => HandleManyAsync([sendId], cancellationToken);

    /// <summary>A consumer batch's sends: read together, gated together, each composed in turn, saved once.</summary>
    public async Task HandleManyAsync(IReadOnlyList<string> sendIds, CancellationToken cancellationToken)
    {
        // The consumer's batch rolls back whole when anything fails and retries each message alone, so EF's savepoint
        // around the save (two more round trips per batch) would never be rolled back to.
        db.Database.AutoSavepointsEnabled = false;
        var toCompose = new List<Send>(sendIds.Count);
        foreach (var send in await QueuedSends.LoadAsync(db, sendIds, "compose", logger, cancellationToken))
        {
            if (send.Body is not null) SendQueue.Enqueue(outbox, send);
            else toCompose.Add(send);
        }

        var now = clock.GetUtcNow();
        var verdicts = await gate.EvaluateManyAsync(toCompose, SendGate.StageCompose, cancellationToken);
        for (var i = 0; i < toCompose.Count; i++)
        {
            var send = toCompose[i];
            if (!SendOutcomes.ApplyVerdict(db, send, verdicts[i], now)) await ComposeAsync(send, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ComposeAsync(Send send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await compose.HandleAsync(new ComposeInput(
            send.BrandId, send.Channel, send.Objective ?? DefaultObjective, send.PersonId,
            new ComposeConstraints(), "send", Seed: StableSeed(send.Id)), cancellationToken);
        switch (outcome)
        {
            case ComposeOutcome.Composed composed:
                send.Subject ??= composed.Result.Primary.Subject;
                send.Body = composed.Result.Primary.Body;
                send.CompositionId = composed.Result.Meta.CompositionId;
                if (send.Channel == SendChannels.Sms) send.Segments = Voice.Guardrails.SmsSegmenter.BilledParts(send.Body);
                send.UpdatedAt = now;
                SendJournal.Add(db, send, "composed", "voice", now, detail: composed.Result.Meta.Source);
                SendQueue.Enqueue(outbox, send);
                break;
            case ComposeOutcome.NoConsent refused:
                SendOutcomes.ApplyVerdict(db, send, new GateDecision(SendGate.StageCompose, GateDecision.Skip,
                    refused.Decision.Reason, refused.Decision.Detail, now), now);
                break;
            case ComposeOutcome.BrandNotFound:
                SendOutcomes.Fail(db, send, "brand_not_found", "The brand to compose with does not exist.", now);
                break;
            default:
                SendOutcomes.Fail(db, send, "person_not_found", "The person no longer exists.", now);
                break;
        }
    }

    private static int StableSeed(string id) => id.Aggregate(17, (h, c) => unchecked(h * 31 + c));
}
