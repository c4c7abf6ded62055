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
    }
}
