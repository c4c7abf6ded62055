using LoopDrive.Client.Http;

namespace LoopDrive.Client.Modules;

/// <summary>
/// Budget (contract §6): allocation plans, execution, reconciliation, wallet, ledger, alerts.
/// Its route methods arrive with the area's API; until then the module only carries the shared helpers.
/// </summary>
public sealed class BudgetClient : ClientModule
{
    internal BudgetClient(ApiTransport transport)
        : base(transport)
    {
    }
}
