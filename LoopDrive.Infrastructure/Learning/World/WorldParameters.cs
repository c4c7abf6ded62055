namespace LoopDrive.Infrastructure.Learning.World;

/// <summary>
/// The hidden truth of a simulated world (configuration section <c>Learning:World</c>). Everything
/// a person does follows from these and the seed, so a run is reproducible.
/// </summary>
public sealed class WorldParameters
{
    public const string Section = "Learning:World";

    /// <summary>When true the world answers the sandbox providers' sends in place of the default audience.</summary>
    public bool Enabled { get; set; }

    public int Seed { get; set; } = 42;

    /// <summary>People in a headless run; in the live world every real person gets traits from their id.</summary>
    public int Persons { get; set; } = 2000;

    /// <summary>Engagement probability of an average person on an average message at their best hour.</summary>
    public double BaseRate { get; set; } = 0.12;

    /// <summary>Channel names, their cost per send (cents) and the population's mean affinity for each.</summary>
    public List<WorldChannel> Channels { get; set; } =
    [
        new() { Name = "email", CostCents = 1, Affinity = 1.0 },
        new() { Name = "sms", CostCents = 5, Affinity = 2.2 },
        new() { Name = "whatsapp", CostCents = 3, Affinity = 1.8 },
    ];

    /// <summary>Quality multipliers of the snippets in a headless run (the first is deliberately weak, the last strong).</summary>
    public List<double> SnippetQualities { get; set; } = [0.5, 0.8, 1.0, 1.6];

    /// <summary>Quality multipliers of prompt versions 0, 1, 2, …; a version past the list has quality 1.</summary>
    public List<double> PromptQualities { get; set; } = [0.85, 1.0, 1.3];

    /// <summary>Known snippet qualities in the live world, by snippet id (the demo's weak and strong snippets); others draw one from their id.</summary>
    public Dictionary<string, double> SnippetQualityById { get; set; } = [];

    public List<string> Topics { get; set; } = ["pricing", "product", "shipping", "events", "support", "sustainability"];

    /// <summary>Share of people most active in the evening, at midday and in the morning (the rest are spread out).</summary>
    public double EveningShare { get; set; } = 0.5;
    public double MiddayShare { get; set; } = 0.2;
    public double MorningShare { get; set; } = 0.2;

    /// <summary>How sharply engagement falls away from a person's active hour (hours, one standard deviation).</summary>
    public double ActiveSpreadHours { get; set; } = 1.5;

    /// <summary>Engagement a person still has at their least active hour, relative to their best.</summary>
    public double OffHoursFloor { get; set; } = 0.15;

    /// <summary>Days for fatigue to wear off by about two thirds: a second message the same day engages half as well.</summary>
    public double FatigueDays { get; set; } = 2;

    /// <summary>Simulated seconds per real second in the live world; reaction delays are divided by it.</summary>
    public double TimeScale { get; set; } = 60;
}

public sealed class WorldChannel
{
    public string Name { get; set; } = "email";
    public double CostCents { get; set; } = 1;
    public double Affinity { get; set; } = 1;
}
