using LoopDrive.Contracts.Learning;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Learning;

/// <summary>Learning contract records shaped like real API answers: a loop that has run for a few days.</summary>
public static class LearningSamples
{
    public static readonly DateTimeOffset Now = ContractSamples.Now;

    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    public static LoopHealth Health(long processed = 42, long dropped = 2, long ignored = 3, long pending = 1) =>
        new(Now.AddHours(-1), Now, processed, dropped, ignored, 35.5, 1_400, pending, processed == 0 ? null : Now.AddMinutes(-1),
            processed == 0 ? [] : [new LoopHealthMinute(Now.AddMinutes(-2), processed, dropped, ignored, 35.5, 1_400)]);

    public static LoopHealth EmptyHealth() => Health(0, 0, 0, 0);

    /// <summary>A strong snippet whose win rate rose over three days, its interval narrowing, and a weak one.</summary>
    public static SnippetPerformance[] Snippets() =>
    [
        new("snip_strong", "brand_01", "email", "nurture", "opening", 60, 30, 0.5, 0.3967, 0.6033,
        [
            new ArmDay(Today.AddDays(-2), 10, 3, 0, 0.3333, 0.1425, 0.5618),
            new ArmDay(Today.AddDays(-1), 20, 10, 0, 0.4375, 0.2925, 0.5879),
            new ArmDay(Today, 30, 17, 0, 0.5, 0.3967, 0.6033),
        ]),
        new("snip_weak", "brand_01", "email", "nurture", "cta", 40, 2, 0.0714, 0.0226, 0.1531,
            [new ArmDay(Today, 40, 2, 0, 0.0714, 0.0226, 0.1531)]),
    ];

    public static PromptVersionPerformance[] Prompts() =>
    [
        new("brand_01", "email_nurture", "email", 1, 25, 3, 1, 0.1429, 0.0625, 0.2585, [new ArmDay(Today, 25, 3, 1, 0.1429, 0.0625, 0.2585)]),
        new("brand_01", "email_nurture", "email", 2, 75, 24, 0, 0.3247, 0.2420, 0.4139, [new ArmDay(Today, 75, 24, 0, 0.3247, 0.2420, 0.4139)]),
        new("brand_01", "sms_winback", "sms", 1, 10, 1, 0, 0.1667, 0.0368, 0.3942, []),
    ];

    /// <summary>The workspace mean: pricing rising over two days, onboarding once.</summary>
    public static TopicWeightHistory Topics(string? personId = null) => new(personId,
    [
        new TopicWeightPoint(Today.AddDays(-1), "pricing", 0.4, 12),
        new TopicWeightPoint(Today, "pricing", 0.7, 14),
        new TopicWeightPoint(Today, "onboarding", 0.2, 3),
    ]);

    /// <summary>Engagement peaking on Tuesday evenings (hours 19 and 20), best window starting Tuesday 19:00.</summary>
    public static SendTimeHeatmap SendTimes(string? personId = null, double sends = 120, double gapHours = 72)
    {
        var rates = new double[168];
        var trials = new double[168];
        for (var h = 0; h < 168; h++)
        {
            rates[h] = 0.05;
            trials[h] = sends / 168;
        }
        rates[24 + 19] = 0.3;
        rates[24 + 20] = 0.25;
        return new SendTimeHeatmap(personId, rates, trials, 24 + 19, 0.275, 4.2, gapHours, sends, sends * 0.08);
    }

    public static SendTimeHeatmap EmptySendTimes()
    {
        var flat = Enumerable.Repeat(0.5, 168).ToArray();
        return new SendTimeHeatmap(null, flat, new double[168], 0, 0.5, 0, 72, 0, 0);
    }
}
