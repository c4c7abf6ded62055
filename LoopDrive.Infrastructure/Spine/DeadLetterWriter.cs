using System.Globalization;
using LoopDrive.Contracts.Spine;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Copies an entry to <c>&lt;stream&gt;.dead</c> with the error and delivery count beside the
/// original fields, and acknowledges it, in one MULTI/EXEC so it is never lost nor left pending.
/// </summary>
public sealed class DeadLetterWriter(SpineTelemetry telemetry, TimeProvider clock, IOptions<SpineOptions> options)
{
    private const int MaxErrorLength = 2000;

    internal async Task WriteAsync(IDatabase db, StreamSubscription subscription, StreamEntry entry, int deliveries, string error)
    {
        var fields = new List<NameValueEntry>(entry.Values.Length + 5);
        fields.AddRange(entry.Values);
        fields.Add(new(StreamEntryFields.Error, error.Length <= MaxErrorLength ? error : error[..MaxErrorLength]));
        fields.Add(new(StreamEntryFields.Deliveries, deliveries));
        fields.Add(new(StreamEntryFields.SourceEntryId, entry.Id));
        fields.Add(new(StreamEntryFields.Group, subscription.Group));
        fields.Add(new(StreamEntryFields.DeadAt, clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));

        var transaction = db.CreateTransaction();
        var add = transaction.StreamAddAsync(StreamNames.DeadLetter(subscription.Stream), [.. fields],
            maxLength: options.Value.DeadLetterMaxLength, useApproximateMaxLength: true);
        var ack = transaction.StreamAcknowledgeAsync(subscription.Stream, subscription.Group, entry.Id);
        if (!await transaction.ExecuteAsync())
            throw new SpineTransportException("Redis did not run the dead-letter transaction.");
        await add;
        await ack;
        telemetry.DeadLettered(subscription.Stream);
    }

    public static string Describe(Exception error) => error.GetType().Name + ": " + error.Message;
}
