namespace LoopDrive.MigrationService;

/// <summary>Section <c>LoopDrive</c>: what run mode seeds. Absent in production, so nothing is seeded there.</summary>
public sealed class SeedOptions
{
    public const string Section = "LoopDrive";

    /// <summary>Where local state lives; the demo key is written here for <c>curl</c> and the README.</summary>
    public string? StateDirectory { get; set; }

    public DemoOptions Demo { get; set; } = new();

    public sealed class DemoOptions
    {
        /// <summary>The demo workspace's admin key; set by the AppHost in run mode.</summary>
        public string? ApiKey { get; set; }

        /// <summary>When true (the AppHost's living demo), the demo workspace is filled with people, objectives, copy and budget once.</summary>
        public bool Living { get; set; }

        /// <summary>The seed the demo's people are drawn from; the simulated world must use the same (<c>Learning:World:Seed</c>, 42 by default).</summary>
        public int WorldSeed { get; set; } = 42;
    }
}
