using LoopDrive.Core.Voice.Snippets;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Running Beta posterior of an arm: trials, successes and penalties (negative outcomes counted as
/// extra failures). The update is the conjugate one, so applying outcomes one at a time or summed
/// gives the same posterior.
/// </summary>
public readonly record struct ArmPosterior(double Trials, double Successes, double Penalties)
{
    public static readonly ArmPosterior Empty = new(0, 0, 0);

    public BetaPosterior Beta => new(1 + Successes, 1 + Math.Max(0, Trials - Successes) + Penalties);

    public double Mean => Beta.Mean;

    public ArmPosterior Apply(SignalKind kind, double reward) => kind switch
    {
        SignalKind.Delivered => this with { Trials = Trials + 1 },
        SignalKind.Positive => this with { Successes = Successes + Math.Max(0, reward) },
        SignalKind.Negative => this with { Penalties = Penalties - Math.Min(0, reward) },
        _ => this,
    };

    public ArmPosterior Add(ArmPosterior other) => new(Trials + other.Trials, Successes + other.Successes, Penalties + other.Penalties);

    /// <summary>Thompson sampling over arms: one draw from each posterior, the highest wins; ties go to the first.</summary>
    public static int Pick(IReadOnlyList<ArmPosterior> arms, Random random)
    {
        var best = -1;
        var bestDraw = double.NegativeInfinity;
        for (var i = 0; i < arms.Count; i++)
        {
            var draw = arms[i].Beta.Sample(random);
            if (draw > bestDraw)
            {
                bestDraw = draw;
                best = i;
            }
        }
        return best;
    }
}
