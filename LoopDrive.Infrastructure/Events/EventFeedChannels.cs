using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Events;

/// <summary>One Redis pub/sub channel per workspace; a process subscribes once to the pattern.</summary>
internal static class EventFeedChannels
{
    public const string Prefix = "loopdrive:events:";

    public static RedisChannel For(string workspaceId) => RedisChannel.Literal(Prefix + workspaceId);

    public static readonly RedisChannel All = RedisChannel.Pattern(Prefix + "*");
}
