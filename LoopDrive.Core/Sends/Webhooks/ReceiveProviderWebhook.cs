using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Data;
using LoopDrive.Core.Events.Intake;
using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Core.Sends.Webhooks;

/// <summary>
/// A webhook whose signature has been verified: find its workspace (the send it names, the
/// provider message id of a send, the last send to the sender, else <c>Webhooks:WorkspaceId</c>),
/// record a <see cref="ProviderReceipt"/> per provider event id, and hand the payload to the
/// intake pipeline (<c>intake.normalize</c>) in the same transaction. A redelivery whose every
/// event id is already recorded (also by a concurrent request) is acknowledged and stores nothing.
/// </summary>
public sealed class ReceiveProviderWebhook(
    LoopDriveDbContext db,
    IEnumerable<IEventNormalizer> normalizers,
    Outbox outbox,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<ReceiveProviderWebhook> logger)
{
    public enum Outcome { Accepted, Duplicate, Ignored, Unrouted }

    /// <param name="Fresh">Provider event ids seen for the first time.</param>
    /// <param name="Repeated">Provider event ids already recorded (a redelivery).</param>
    public sealed record Result(Outcome Outcome, int Fresh = 0, int Repeated = 0);

    /// <param name="source">The normalizer's source: sendgrid, twilio, meta, whatsapp or x.</param>
    /// <param name="payload">JSON as the normalizer reads it (Twilio's form fields as an object).</param>
    public async Task<Result> HandleAsync(string source, string payload, CancellationToken cancellationToken)
    {
        var normalizer = normalizers.First(n => n.Source == source);
        IReadOnlyList<NormalizedEvent> events;
        using (var document = JsonDocument.Parse(payload))
            events = normalizer.Normalize(document.RootElement);
        if (events.Count == 0) return new(Outcome.Ignored);

        var workspaceId = await RouteAsync(events, cancellationToken);
        if (workspaceId is null)
        {
            logger.LogWarning("A verified {Source} webhook matches no send and no Webhooks:WorkspaceId is set; it is acknowledged and dropped.", source);
            return new(Outcome.Unrouted);
        }

        var bodyKey = $"{source}:body:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))}";
        var keys = events.Select(e => e.IdempotencyKey ?? bodyKey).Distinct(StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow();
        // The receipts and the hand-off commit together: in the caller's transaction when there is one, else in one of our own.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var fresh = await RecordReceiptsAsync(source, keys, workspaceId, now, cancellationToken);
        if (fresh == 0) return new(Outcome.Duplicate, 0, keys.Count);

        outbox.Enqueue(StreamNames.IntakeNormalize, new ProviderPayloadReceived(workspaceId, source, payload, now), workspaceId);
        await db.SaveChangesAsync(cancellationToken);
        if (own is not null) await own.CommitAsync(cancellationToken);
        return new(Outcome.Accepted, fresh, keys.Count - fresh);
    }

    /// <summary>
    /// One receipt per provider event id, all in one statement (a delivery carries up to hundreds of
    /// events); ids already recorded — by an earlier delivery or by a concurrent request of the same
    /// one, which this insert waits for — are skipped rather than failing the transaction.
    /// </summary>
    /// <returns>How many of the ids were recorded for the first time.</returns>
    private async Task<int> RecordReceiptsAsync(string source, List<string> keys, string workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            insert into send_provider_receipts (provider, event_id, workspace_id, received_at)
            select $1, k.event_id, $3, $4 from unnest($2::text[]) as k(event_id)
            on conflict do nothing
            """, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.AddWithValue(source);
        command.Parameters.AddWithValue(keys.ToArray());
        command.Parameters.AddWithValue(workspaceId);
        command.Parameters.AddWithValue(now);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<string?> RouteAsync(IReadOnlyList<NormalizedEvent> events, CancellationToken cancellationToken)
    {
        var refs = events.Select(e => ProviderEventRefs.Of(e.Payload)).ToList();
        var sendIds = refs.Where(r => r.SendId is not null).Select(r => r.SendId!).Distinct().ToList();
        var externalIds = refs.Where(r => r.ExternalId is not null).Select(r => r.ExternalId!).Distinct().ToList();
        var sends = db.Sends.IgnoreQueryFilters().AsNoTracking();
        if (sendIds.Count > 0 && await sends.Where(s => sendIds.Contains(s.Id)).Select(s => s.WorkspaceId).FirstOrDefaultAsync(cancellationToken) is { } bySend)
            return bySend;
        if (externalIds.Count > 0 && await sends.Where(s => s.ExternalId != null && externalIds.Contains(s.ExternalId))
                .Select(s => s.WorkspaceId).FirstOrDefaultAsync(cancellationToken) is { } byExternal)
            return byExternal;
        // WhatsApp ids are E.164 digits without the plus that our recipients carry.
        var addresses = events.SelectMany(e => e.Identities).Select(i => i.Value)
            .SelectMany(v => v.All(char.IsAsciiDigit) ? new[] { v, "+" + v } : [v]).Distinct().ToList();
        if (addresses.Count > 0 && await sends.Where(s => s.Recipient != null && addresses.Contains(s.Recipient))
                .OrderByDescending(s => s.QueuedAt).Select(s => s.WorkspaceId).FirstOrDefaultAsync(cancellationToken) is { } byRecipient)
            return byRecipient;
        return options.Value.WorkspaceId is { Length: > 0 } fallback ? fallback : null;
    }
}
