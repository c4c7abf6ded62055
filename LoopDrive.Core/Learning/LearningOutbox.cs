using System.Text.Json;
using LoopDrive.Contracts.Learning;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Events;
using LoopDrive.Core.Spine;
using Npgsql;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Intake's hand-off to the loop: the stored outcome events of known persons, one
/// <c>learning.tune</c> outbox row per workspace carrying them all, written on intake's connection
/// inside its transaction, so an outcome is learned from exactly when it is stored.
/// </summary>
public static class LearningOutbox
{
    public static async Task EnqueueAsync(NpgsqlConnection connection, IReadOnlyList<Event> stored, TimeProvider clock, CancellationToken cancellationToken)
    {
        var outcomes = new List<LearningOutcomeObserved>();
        foreach (var e in stored)
        {
            if (e.PersonId is null) continue;
            if (RewardMapping.Map(e.Type, false, e.Ts, null, TimeSpan.Zero).Kind == SignalKind.None) continue;
            outcomes.Add(Describe(e));
        }
        if (outcomes.Count == 0) return;
        // The consumer applies a workspace's outcomes together, so each workspace's share is one message.
        await Outbox.EnqueueManyAsync(connection, StreamNames.LearningTune,
            [.. outcomes.GroupBy(o => o.WorkspaceId, StringComparer.Ordinal)
                .Select(g => (new LearningOutcomesObserved([.. g]), (string?)g.Key))], clock, cancellationToken);
    }

    /// <summary>The send it names (payload or metadata), the provider's message id, a machine flag and any revenue.</summary>
    public static LearningOutcomeObserved Describe(Event e)
    {
        string? sendId = null, externalId = null;
        var machine = false;
        long? revenue = null;
        foreach (var json in new[] { e.Payload, e.Metadata })
        {
            if (string.IsNullOrEmpty(json)) continue;
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) continue;
            sendId ??= Text(root, "sendId", "send_id");
            externalId ??= Text(root, "messageSid", "messageId", "externalId", "external_id", "sg_message_id");
            machine |= RewardMapping.MachineFlag(root);
            revenue ??= Cents(root);
        }
        return new LearningOutcomeObserved(e.Id, e.WorkspaceId, e.Type, e.PersonId!, e.Channel, sendId, externalId, e.Ts, machine, revenue);
    }

    private static string? Text(JsonElement root, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
            if (root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s) return s;
        return null;
    }

    private static long? Cents(JsonElement root)
    {
        foreach (var name in (ReadOnlySpan<string>)["amountCents", "amount_cents", "revenueCents", "amount"])
            if (root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0) return n;
        return null;
    }
}
