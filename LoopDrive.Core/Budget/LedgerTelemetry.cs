using System.Diagnostics.Metrics;
using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

/// <summary>The ledger group commit's metrics, meter <c>LoopDrive.Budget</c> (<see cref="GroupCommitTelemetry"/>); amounts and account ids stay out of them.</summary>
public static class LedgerTelemetry
{
    public const string Name = "LoopDrive.Budget";

    internal static readonly GroupCommitTelemetry GroupCommit = new(new Meter(Name), "loopdrive.budget.group_commit", "call", "transfer",
        "One group commit call: parameters, round trip and commit, answers read.");
}
