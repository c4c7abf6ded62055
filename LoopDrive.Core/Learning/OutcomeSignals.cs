namespace LoopDrive.Core.Learning;

/// <summary>What one event means to the loop, before it is tied to a send.</summary>
public enum SignalKind
{
    /// <summary>Not an outcome the loop learns from (sent, processed, deferred, …).</summary>
    None,
    /// <summary>The message reached the person: one impression (one trial) for what chose it.</summary>
    Delivered,
    /// <summary>A human open or read: engagement for send time and topics, not a win for the copy.</summary>
    Open,
    /// <summary>Click, reply, meeting booked, purchase: a win (reward 1).</summary>
    Positive,
    /// <summary>Unsubscribe or complaint: a loss weighing more than silence.</summary>
    Negative,
    /// <summary>Bounced, dropped or failed: the channel paid without reaching anyone; the copy is not judged.</summary>
    Undelivered,
    /// <summary>An open or click made by a machine (privacy proxy, link scanner, within seconds of delivery): flagged and ignored.</summary>
    Machine,
}

/// <summary>An event's meaning and its reward: positive outcomes +1, negative ones −<see cref="RewardMapping.NegativeWeight"/> (complaints twice that).</summary>
public readonly record struct OutcomeSignal(SignalKind Kind, double Reward, string Action)
{
    public bool IsEngagement => Kind is SignalKind.Positive or SignalKind.Open;
}
