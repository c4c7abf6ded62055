using System.Diagnostics.Metrics;

namespace LoopDrive.Core.Budget;

/// <summary>
/// The ledger group commit's metrics, meter <c>LoopDrive.Budget</c>: how many transfers share each
/// commit, how long a transfer waits for a writer, and how long the shared call takes. Together
/// with a caller's own latency they split a single transfer's time into queueing, the call and
/// waking the caller. No tags: amounts and account ids stay out of metrics.
/// </summary>
public static class LedgerTelemetry
{
    public const string Name = "LoopDrive.Budget";

    private static readonly Meter Meter = new(Name);

    internal static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "loopdrive.budget.group_commit.batch_size", "{transfer}", "Transfers sharing one group commit call.");

    internal static readonly Histogram<double> Queued = Meter.CreateHistogram<double>(
        "loopdrive.budget.group_commit.queued", "ms", "From a single transfer's arrival until a writer takes it.");

    internal static readonly Histogram<double> Call = Meter.CreateHistogram<double>(
        "loopdrive.budget.group_commit.call", "ms", "One group commit call: parameters, round trip and commit, answers read.");
}
