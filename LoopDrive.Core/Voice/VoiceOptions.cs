using System.ComponentModel.DataAnnotations;

namespace LoopDrive.Core.Voice;

/// <summary>Section <c>Voice</c>: limits on model calls per workspace and how much context compose gathers.</summary>
public sealed class VoiceOptions
{
    public const string Section = "Voice";

    /// <summary>Model tokens a workspace may spend per UTC day; past it compose answers from the template writer.</summary>
    [Range(0, int.MaxValue)]
    public int DailyTokenBudget { get; set; } = 500_000;

    /// <summary>Model calls in flight per workspace; a call that cannot start within <see cref="QueueWait"/> falls back.</summary>
    [Range(1, 256)]
    public int MaxConcurrentLlmCalls { get; set; } = 4;

    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>One model call (each of the two attempts) gets this long.</summary>
    public TimeSpan LlmTimeout { get; set; } = TimeSpan.FromSeconds(20);

    [Range(0, 10)]
    public int MemoriesPerCompose { get; set; } = 3;

    [Range(0, 20)]
    public int TopicsPerCompose { get; set; } = 3;
}
