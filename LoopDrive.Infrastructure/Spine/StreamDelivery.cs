using System.Globalization;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>A stream entry as the consumer sees it: the relay's fields plus how often it was delivered.</summary>
internal sealed record StreamDelivery(
    StreamEntry Entry,
    string MessageId,
    string Type,
    string Payload,
    string? WorkspaceId,
    string? TraceParent,
    DateTimeOffset EnqueuedAt,
    int DeliveryCount)
{
    public string EntryId => Entry.Id.ToString();

    /// <returns>Null when a field the relay always writes is missing: such an entry can never be handled.</returns>
    public static StreamDelivery? TryParse(StreamEntry entry, int deliveryCount)
    {
        var messageId = entry[StreamEntryFields.MessageId];
        var type = entry[StreamEntryFields.Type];
        var payload = entry[StreamEntryFields.Payload];
        if (messageId.IsNullOrEmpty || type.IsNullOrEmpty || payload.IsNull) return null;
        var enqueued = long.TryParse(entry[StreamEntryFields.EnqueuedAt].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;
        var workspace = entry[StreamEntryFields.WorkspaceId];
        var trace = entry[StreamEntryFields.TraceParent];
        return new StreamDelivery(entry, messageId.ToString(), type.ToString(), payload.ToString(),
            workspace.IsNullOrEmpty ? null : workspace.ToString(),
            trace.IsNullOrEmpty ? null : trace.ToString(),
            enqueued, deliveryCount);
    }
}
