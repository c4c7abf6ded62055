using LoopDrive.Contracts.Platform;
using LoopDrive.Contracts.Spine;

namespace LoopDrive.Web.Tests.Support;

/// <summary>Contract records shaped like real API answers, for scripted replies and component parameters.</summary>
public static class ContractSamples
{
    public static readonly DateTimeOffset Now = new(2025, 11, 20, 10, 30, 0, TimeSpan.Zero);

    public static Workspace Workspace() =>
        new("ws_01demo", "Demo Workspace", "demo", "org_01demo", "us-east", "America/New_York", Now.AddDays(-3));

    public static ApiKey Key(string id = "key_01", string name = "crm sync", DateTimeOffset? revokedAt = null) =>
        new(id, "ws_01demo", name, "ld_3f9a", [ApiKeyScopes.Api], Now.AddDays(-1), null, revokedAt);

    public static ApiKeyCreated Created(string secret = "ld_5e1d0c9b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5") =>
        new(Key("key_02", "billing export"), secret);

    public static QueueHealth Health(params QueueStats[] queues) =>
        new(queues, OutboxBacklog: 4, OutboxOldestAgeMs: 1_250, MeasuredAt: Now);

    public static QueueHealth AllStreamsOk() =>
        Health([.. StreamNames.All.Select(s => Stream(s))]);

    public static QueueStats Stream(string name, string status = "ok", long pending = 0, long oldestMs = 0, long dead = 0) =>
        new(name, Length: 12, Pending: pending, OldestPendingAgeMs: oldestMs, DeadLetters: dead, Consumers: 1, Status: status);
}
