namespace LoopDrive.Core.Budget;

/// <summary>Section <c>Budget</c>.</summary>
public sealed class BudgetOptions
{
    public const string Section = "Budget";

    /// <summary>Largest single top-up in cents (default $100,000).</summary>
    public long MaxTopUpCents { get; set; } = 10_000_000;

    /// <summary>How often the workers' budget job runs (alerts, auto-reload, period ends), in seconds.</summary>
    public int JobIntervalSeconds { get; set; } = 30;
}
