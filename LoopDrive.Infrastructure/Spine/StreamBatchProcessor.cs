using System.Diagnostics;
using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Runs handlers with exactly-once effects. One transaction: insert the inbox rows
/// (<c>ON CONFLICT DO NOTHING RETURNING</c> says which messages are new, and its row locks make a
/// concurrent duplicate wait for this one), run each new message's handler in the transaction's DI scope
/// on the same connection, commit. A read batch shares one transaction; if any
/// handler throws, the batch rolls back and every message is retried alone, so one bad message
/// fails by itself.
/// </summary>
public sealed partial class StreamBatchProcessor(
    IServiceScopeFactory scopes,
    NpgsqlDataSource database,
    SpineTelemetry telemetry,
    TimeProvider clock,
    IOptions<SpineOptions> options,
    ILogger<StreamBatchProcessor> logger)
{
    /// <returns>Per delivery, null when its effects are committed (or were already), else why it failed.</returns>
    internal async Task<IReadOnlyList<(StreamDelivery Delivery, Exception? Error)>> ProcessAsync(
        StreamSubscription subscription, IReadOnlyList<StreamDelivery> deliveries, CancellationToken cancellationToken)
    {
        var handOffRecorded = new HashSet<string>(StringComparer.Ordinal);
        if (deliveries.Count > 1 && options.Value.BatchTransactions)
        {
            try
            {
                await RunTransactionAsync(subscription, deliveries, handOffRecorded, cancellationToken);
                return [.. deliveries.Select(d => (d, (Exception?)null))];
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Handler failures are expected here; the per-message pass below reports them one by one.
                LogBatchFallback(logger, subscription.Stream, deliveries.Count, ex.GetType().Name);
            }
        }

        var results = new List<(StreamDelivery, Exception?)>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            try
            {
                await RunTransactionAsync(subscription, [delivery], handOffRecorded, cancellationToken);
                results.Add((delivery, null));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                results.Add((delivery, ex));
            }
        }
        return results;
    }

    /// <summary>Failures no redelivery can fix: the entry goes to the dead letters at once.</summary>
    public static bool IsPermanent(Exception error) => error is JsonException or UnexpectedMessageTypeException;

    private async Task RunTransactionAsync(
        StreamSubscription subscription, IReadOnlyList<StreamDelivery> deliveries, HashSet<string> handOffRecorded, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var fresh = await ClaimInboxAsync(connection, transaction, subscription.Group,
            deliveries.Select(d => d.MessageId).Distinct(StringComparer.Ordinal).ToArray(), cancellationToken);

        // One DI scope (and DbContext) per transaction, not per message: building a scope and a
        // context per message was most of the consumer's cost. Between messages the change
        // tracker is cleared and the workspace is set afresh, so no message sees another's state.
        await using var scope = scopes.CreateAsyncScope();
        var workspace = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);

        // Absent from the claim: handled before (a redelivery or a relay duplicate), or listed twice in this batch.
        var toHandle = deliveries.Where(d => fresh.Remove(d.MessageId)).ToList();
        // A batch handler gets one call per workspace, so the workspace filter holds for every row it touches.
        var calls = subscription.TakesBatches
            ? toHandle.GroupBy(d => d.WorkspaceId, StringComparer.Ordinal).Select(g => (IReadOnlyList<StreamDelivery>)[.. g])
            : toHandle.Select(d => (IReadOnlyList<StreamDelivery>)[d]);
        foreach (var call in calls)
        {
            db.ChangeTracker.Clear();
            if (call[0].WorkspaceId is { } workspaceId) workspace.Set(workspaceId);
            else workspace.Clear();
            await HandleAsync(subscription, call, scope.ServiceProvider, handOffRecorded, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var failure in await scope.ServiceProvider.GetRequiredService<AfterCommit>().RunAsync())
            LogAfterCommitFailed(logger, subscription.Stream, failure.GetType().Name);
    }

    private async Task HandleAsync(
        StreamSubscription subscription, IReadOnlyList<StreamDelivery> deliveries, IServiceProvider services,
        HashSet<string> handOffRecorded, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(subscription, deliveries);
        try
        {
            var now = clock.GetUtcNow();
            var entries = new (string, StreamMessageContext)[deliveries.Count];
            for (var i = 0; i < deliveries.Count; i++)
            {
                var delivery = deliveries[i];
                var payload = string.Equals(delivery.Type, subscription.MessageType, StringComparison.Ordinal)
                    ? delivery.Payload
                    : subscription.UpgradeEarlier(services, delivery.Type, delivery.Payload)
                      ?? throw new UnexpectedMessageTypeException(subscription.Stream, subscription.MessageType, delivery.Type);

                // Only first deliveries: a redelivery's wait is the claim timeout, not the hand-off.
                if (delivery.DeliveryCount == 1 && handOffRecorded.Add(delivery.EntryId))
                    telemetry.HandOff(subscription.Stream, now - delivery.EnqueuedAt);

                entries[i] = (payload, new StreamMessageContext(delivery.MessageId, subscription.Stream, delivery.EntryId,
                    delivery.WorkspaceId, delivery.DeliveryCount, delivery.EnqueuedAt));
            }
            await subscription.DispatchAsync(services, entries, cancellationToken);
        }
        catch (Exception ex)
        {
            // The type only: exception messages may quote data, and traces are exported.
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private async Task<HashSet<string>> ClaimInboxAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, string[] messageIds, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO processed_messages (consumer, message_id, processed_at)
            SELECT $1, id, $3 FROM unnest($2::text[]) AS id
            ON CONFLICT DO NOTHING
            RETURNING message_id
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = messageIds });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            fresh.Add(reader.GetString(0));
        return fresh;
    }

    /// <summary>
    /// One message: a child of the producer's trace, so a request can be followed into the workers.
    /// Several (a batch handler's call): one span linked to each message's trace, as messaging
    /// conventions do for batch processing.
    /// </summary>
    private static Activity? StartActivity(StreamSubscription subscription, IReadOnlyList<StreamDelivery> deliveries)
    {
        if (!SpineTelemetry.ActivitySource.HasListeners()) return null;
        Activity? activity;
        if (deliveries.Count == 1)
        {
            ActivityContext.TryParse(deliveries[0].TraceParent, null, out var parent);
            activity = SpineTelemetry.ActivitySource.StartActivity(subscription.Stream + " process", ActivityKind.Consumer, parent);
        }
        else
        {
            var links = new List<ActivityLink>(deliveries.Count);
            foreach (var delivery in deliveries)
                if (ActivityContext.TryParse(delivery.TraceParent, null, out var context)) links.Add(new ActivityLink(context));
            activity = SpineTelemetry.ActivitySource.StartActivity(subscription.Stream + " process", ActivityKind.Consumer,
                parentContext: default, links: links);
        }
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "redis");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", subscription.Stream);
            activity.SetTag("messaging.consumer.group.name", subscription.Group);
            activity.SetTag("loopdrive.workspace_id", deliveries[0].WorkspaceId);
            if (deliveries.Count == 1)
            {
                activity.SetTag("messaging.message.id", deliveries[0].MessageId);
                activity.SetTag("loopdrive.delivery_count", deliveries[0].DeliveryCount);
            }
            else
            {
                activity.SetTag("messaging.batch.message_count", deliveries.Count);
            }
        }
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "After-commit work of a batch on {Stream} failed ({ErrorType}); the commit stands")]
    private static partial void LogAfterCommitFailed(ILogger logger, string stream, string errorType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch of {Count} on {Stream} rolled back ({ErrorType}); retrying each message alone")]
    private static partial void LogBatchFallback(ILogger logger, string stream, int count, string errorType);
}

/// <summary>An entry whose <c>type</c> is not what the stream's handler takes.</summary>
public sealed class UnexpectedMessageTypeException(string stream, string expected, string actual)
    : Exception($"Stream '{stream}' carries '{actual}' but its handler takes '{expected}'.");
