namespace LoopDrive.Core.Learning;

/// <summary>
/// Topic weights as an exponentially weighted engagement rate in [0, 1]: a delivery the person
/// ignores pulls the topic's weight toward 0, an engagement pushes it toward 1, a negative outcome
/// halves it. Time decay on top (People's <c>TopicWeights.Effective</c>, 90-day half-life) lets
/// an interest not touched for months fade.
/// </summary>
public static class TopicLearning
{
    /// <summary>How far one delivery moves the weight toward 0: small, since most messages are ignored.</summary>
    public const double IgnoreRate = 0.05;

    /// <summary>How far one engagement moves the weight toward 1.</summary>
    public const double EngageRate = 0.3;

    public static double Update(double weight, OutcomeSignal signal)
    {
        var w = Math.Clamp(weight, 0, 1);
        var next = signal.Kind switch
        {
            SignalKind.Delivered => w * (1 - IgnoreRate),
            SignalKind.Positive => w + EngageRate * (1 - w),
            SignalKind.Open => w + EngageRate / 3 * (1 - w),
            SignalKind.Negative => w / 2,
            _ => w,
        };
        return Math.Round(next, 6);
    }

    /// <summary>The weight a topic starts from when an engagement names it for the first time.</summary>
    public const double Initial = 0.2;
}
