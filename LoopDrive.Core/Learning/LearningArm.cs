using LoopDrive.Core.Common;

namespace LoopDrive.Core.Learning;

/// <summary>
/// One option the loop chooses between (a prompt version for a brand × use case × channel, or a
/// snippet) with its running totals. Its posterior is Beta(1 + successes, 1 + trials − successes
/// + penalties): negative outcomes weigh as extra failures.
/// </summary>
public sealed class LearningArm : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    /// <summary>One of <see cref="ArmKinds"/>.</summary>
    public required string Kind { get; init; }
    public required string ArmKey { get; init; }
    public string? BrandId { get; init; }
    public string? UseCase { get; init; }
    public string? Channel { get; init; }
    public double Trials { get; set; }
    public double Successes { get; set; }
    public double Penalties { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The same totals per UTC day: the performance-over-time routes read these.</summary>
public sealed class LearningArmDay : IWorkspaceScoped
{
    public required string WorkspaceId { get; init; }
    public required string Kind { get; init; }
    public required string ArmKey { get; init; }
    public DateOnly Day { get; init; }
    public double Trials { get; set; }
    public double Successes { get; set; }
    public double Penalties { get; set; }
}

public static class ArmKinds
{
    public const string Snippet = "snippet";
    public const string PromptVersion = "prompt_version";

    /// <summary>A prompt version's arm key: brand, use case, channel and version, so each brand × use case × channel learns apart.</summary>
    public static string PromptKey(string brandId, string useCase, string channel, int version) =>
        $"{brandId}|{useCase}|{channel}|v{version}";
}
