namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// A handler whose message replaced an earlier one on the same stream. Entries of the earlier type
/// written before a deploy are still in the stream (or the outbox) afterwards; without this they
/// would fail as unexpected and end in the dead-letter stream.
/// </summary>
public interface IReadsEarlierMessageTypes
{
    /// <returns>The payload in the current message's shape, or null when <paramref name="type"/> is not one it replaced.</returns>
    string? Upgrade(string type, string payload);
}
