using System.Text.Json;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Event type → reward. The action is the type's last dotted part (<c>email.clicked</c> → clicked),
/// so every channel's events map the same way. Opens and clicks are machine-made when the payload
/// says so (a privacy-proxy or scanner flag or user agent) or when they come within
/// <see cref="MachineWindow"/> of delivery: those are flagged and ignored, never rewarded.
/// </summary>
public static class RewardMapping
{
    public static readonly TimeSpan MachineWindow = TimeSpan.FromSeconds(3);

    /// <summary>How many silent deliveries one unsubscribe weighs: the posterior counts it as that many extra failures.</summary>
    public const double NegativeWeight = 2;

    private static readonly string[] ProxyAgents = ["googleimageproxy", "yahoomailproxy", "apple-mail-privacy", "proofpoint", "mimecast", "barracuda", "bot", "scanner"];

    public static OutcomeSignal Map(string type, bool machineFlag, DateTimeOffset occurredAt, DateTimeOffset? deliveredAt) =>
        Map(type, machineFlag, occurredAt, deliveredAt, MachineWindow);

    /// <summary>As <see cref="Map(string, bool, DateTimeOffset, DateTimeOffset?)"/> with a window of one's own (accelerated worlds compress human delays below the default).</summary>
    public static OutcomeSignal Map(string type, bool machineFlag, DateTimeOffset occurredAt, DateTimeOffset? deliveredAt, TimeSpan machineWindow)
    {
        var action = Action(type);
        var kind = action switch
        {
            "delivered" => SignalKind.Delivered,
            "opened" or "open" or "read" => SignalKind.Open,
            "clicked" or "click" or "replied" or "reply" or "commented" or "booked" or "meeting_booked" or "purchase" or "purchased" or "converted" => SignalKind.Positive,
            "unsubscribed" or "unsubscribe" or "opted_out" => SignalKind.Negative,
            "spam_reported" or "complained" or "complaint" => SignalKind.Negative,
            "bounced" or "dropped" or "failed" or "undelivered" => SignalKind.Undelivered,
            _ => SignalKind.None,
        };
        var automatable = action is "opened" or "open" or "read" or "clicked" or "click";
        if (automatable && (machineFlag || (deliveredAt is { } d && occurredAt - d >= TimeSpan.Zero && occurredAt - d < machineWindow)))
            return new(SignalKind.Machine, 0, action);
        var reward = kind switch
        {
            SignalKind.Positive => 1,
            SignalKind.Negative => action is "spam_reported" or "complained" or "complaint" ? -2 * NegativeWeight : -NegativeWeight,
            _ => 0,
        };
        return new(kind, reward, action);
    }

    /// <summary><c>meeting.booked</c> → booked; <c>conversion.purchase</c> → purchase.</summary>
    public static string Action(string type)
    {
        var dot = type.LastIndexOf('.');
        return dot >= 0 ? type[(dot + 1)..] : type;
    }

    /// <summary>True when a provider marked the event as machine-made: an explicit flag or a known proxy or scanner user agent.</summary>
    public static bool MachineFlag(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object) return false;
        foreach (var name in (ReadOnlySpan<string>)["machineOpen", "machine_open", "sg_machine_open", "isMachine", "privacyProxy"])
            if (payload.TryGetProperty(name, out var flag) && flag.ValueKind == JsonValueKind.True) return true;
        foreach (var name in (ReadOnlySpan<string>)["userAgent", "useragent", "user_agent"])
        {
            if (payload.TryGetProperty(name, out var agent) && agent.ValueKind == JsonValueKind.String
                && agent.GetString() is { } ua && ProxyAgents.Any(p => ua.Contains(p, StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }
}
