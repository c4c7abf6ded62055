using System.Text.Json;

namespace LoopDrive.Core.Sends;

/// <summary>Reads and appends the gate verdicts kept as jsonb on a send.</summary>
public static class GateDecisionLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<GateDecision> Read(Send send) =>
        JsonSerializer.Deserialize<List<GateDecision>>(send.GateDecisions, Json) ?? [];

    public static void Append(Send send, GateDecision decision)
    {
        var all = Read(send).ToList();
        // A send deferred night after night must not grow without bound: keep the latest verdicts.
        if (all.Count >= 50) all.RemoveRange(0, all.Count - 49);
        all.Add(decision);
        send.GateDecisions = JsonSerializer.Serialize(all, Json);
    }
}
