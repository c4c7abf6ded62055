namespace LoopDrive.Core.Learning;

/// <summary>Configuration section <c>Learning</c>.</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>Opens and clicks this soon after delivery are machine-made. An accelerated world sets it near zero.</summary>
    public TimeSpan MachineWindow { get; set; } = RewardMapping.MachineWindow;

    /// <summary>How far back an outcome that names no send (an inbound reply) looks for the person's last send on its channel.</summary>
    public TimeSpan TieLookback { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many of a person's top topics a send is taken to be about when it names none.</summary>
    public int TopicsPerSend { get; set; } = 3;

    /// <summary>The objective scheduler (<c>Learning:Objectives:*</c>).</summary>
    public ObjectiveOptions Objectives { get; set; } = new();
}
