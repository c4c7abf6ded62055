using LoopDrive.Client.Http;
using LoopDrive.Contracts.Budget;

namespace LoopDrive.Client.Modules;

/// <summary>
/// Budget (contract §6): plans and their lifecycle, reconciliation, wallet and payments, ledger,
/// profiles, dashboard, alerts and channel performance.
/// </summary>
public sealed class BudgetClient : ClientModule
{
    private const string Root = "api/budget";

    internal BudgetClient(ApiTransport transport)
        : base(transport)
    {
    }

    /// <summary><c>POST /api/budget/plan</c>: 400 for invalid constraints, 422 <c>constraints_unsatisfiable</c> naming the one that fails.</summary>
    public Task<AllocationPlan> PlanAsync(BudgetAllocationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<AllocationPlan>(ApiPath.Root(Root).Segment("plan"), request, cancellationToken);
    }

    /// <summary><c>GET /api/budget/allocations?workspaceId=&amp;status=&amp;limit=&amp;offset=</c>: newest first.</summary>
    public Task<AllocationList> ListAllocationsAsync(string? workspaceId = null, string? status = null, int? limit = null, int? offset = null,
        CancellationToken cancellationToken = default) =>
        GetAsync<AllocationList>(ApiPath.Root(Root).Segment("allocations").Query("workspaceId", workspaceId).Query("status", status)
            .Query("limit", limit).Query("offset", offset), cancellationToken);

    /// <summary><c>GET /api/budget/allocation/{id}</c>.</summary>
    public Task<BudgetAllocation> GetAllocationAsync(string allocationId, CancellationToken cancellationToken = default) =>
        GetAsync<BudgetAllocation>(AllocationPath(allocationId), cancellationToken);

    /// <summary><c>POST /api/budget/allocation/{id}/approve</c>: records who approved (the key, unless <paramref name="by"/> is given).</summary>
    public Task<BudgetAllocation> ApproveAsync(string allocationId, string? by = null, CancellationToken cancellationToken = default) =>
        PostAsync<BudgetAllocation>(AllocationPath(allocationId).Segment("approve"), new AllocationDecision(by), cancellationToken);

    /// <summary><c>POST /api/budget/allocation/{id}/reject</c>.</summary>
    public Task<BudgetAllocation> RejectAsync(string allocationId, string? by = null, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync<BudgetAllocation>(AllocationPath(allocationId).Segment("reject"), new AllocationDecision(by, reason), cancellationToken);

    /// <summary><c>POST /api/budget/allocation/{id}/execute</c>: 409 unless approved; 422 <c>insufficient_funds</c>; a repeat answers the same id.</summary>
    public Task<ExecuteResult> ExecuteAsync(string allocationId, CancellationToken cancellationToken = default) =>
        PostAsync<ExecuteResult>(AllocationPath(allocationId).Segment("execute"), null, cancellationToken);

    /// <summary><c>POST /api/budget/allocation/{id}/pause</c>.</summary>
    public Task<BudgetAllocation> PauseAsync(string allocationId, CancellationToken cancellationToken = default) =>
        PostAsync<BudgetAllocation>(AllocationPath(allocationId).Segment("pause"), null, cancellationToken);

    /// <summary><c>POST /api/budget/allocation/{id}/resume</c>.</summary>
    public Task<BudgetAllocation> ResumeAsync(string allocationId, CancellationToken cancellationToken = default) =>
        PostAsync<BudgetAllocation>(AllocationPath(allocationId).Segment("resume"), null, cancellationToken);

    /// <summary><c>POST /api/budget/allocation/{id}/complete</c>: unspent reserve goes back to the wallet.</summary>
    public Task<BudgetAllocation> CompleteAsync(string allocationId, CancellationToken cancellationToken = default) =>
        PostAsync<BudgetAllocation>(AllocationPath(allocationId).Segment("complete"), null, cancellationToken);

    /// <summary><c>POST /api/budget/allocation/{id}/cancel</c>: unspent reserve goes back to the wallet.</summary>
    public Task<BudgetAllocation> CancelAsync(string allocationId, CancellationToken cancellationToken = default) =>
        PostAsync<BudgetAllocation>(AllocationPath(allocationId).Segment("cancel"), null, cancellationToken);

    /// <summary><c>POST /api/budget/allocation/{id}/reconcile</c>.</summary>
    public Task<ReconciliationReport> ReconcileAsync(string allocationId, CancellationToken cancellationToken = default) =>
        PostAsync<ReconciliationReport>(AllocationPath(allocationId).Segment("reconcile"), null, cancellationToken);

    /// <summary><c>GET /api/budget/ledger?workspaceId=&amp;from=&amp;to=</c>: planned, actual and adjustment rows, oldest first.</summary>
    public Task<BudgetLedger[]> LedgerAsync(string workspaceId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        GetAsync<BudgetLedger[]>(ApiPath.Root(Root).Segment("ledger").Query("workspaceId", workspaceId).Query("from", from).Query("to", to), cancellationToken);

    /// <summary><c>GET /api/budget/wallet/{workspaceId}</c>: created on first use.</summary>
    public Task<Wallet> WalletAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        GetAsync<Wallet>(WalletPath(workspaceId), cancellationToken);

    /// <summary><c>GET /api/budget/wallet/{workspaceId}/transactions?limit=&amp;offset=</c>: each line carries the balance after it.</summary>
    public Task<WalletTransactionList> TransactionsAsync(string workspaceId, int? limit = null, int? offset = null, CancellationToken cancellationToken = default) =>
        GetAsync<WalletTransactionList>(WalletPath(workspaceId).Segment("transactions").Query("limit", limit).Query("offset", offset), cancellationToken);

    /// <summary><c>POST /api/budget/wallet/{workspaceId}/topup</c>: the wallet is credited when the payment succeeds, not now.</summary>
    public Task<TopUpResult> TopUpAsync(string workspaceId, long amountCents, CancellationToken cancellationToken = default) =>
        PostAsync<TopUpResult>(WalletPath(workspaceId).Segment("topup"), new TopUpRequest(amountCents), cancellationToken);

    /// <summary><c>POST /api/budget/wallet/{workspaceId}/auto-reload</c>: threshold and amount are required when enabling.</summary>
    public Task<Wallet> ConfigureAutoReloadAsync(string workspaceId, AutoReloadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<Wallet>(WalletPath(workspaceId).Segment("auto-reload"), request, cancellationToken);
    }

    /// <summary><c>GET /api/budget/payments?workspaceId=&amp;limit=</c>.</summary>
    public Task<PaymentList> PaymentsAsync(string? workspaceId = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<PaymentList>(ApiPath.Root(Root).Segment("payments").Query("workspaceId", workspaceId).Query("limit", limit), cancellationToken);

    /// <summary><c>POST /api/budget/profiles</c> (201).</summary>
    public Task<BudgetProfile> CreateProfileAsync(ProfileCreate profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return PostAsync<BudgetProfile>(ApiPath.Root(Root).Segment("profiles"), profile, cancellationToken);
    }

    /// <summary><c>GET /api/budget/profiles?workspaceId=</c>.</summary>
    public Task<BudgetProfile[]> ProfilesAsync(string? workspaceId = null, CancellationToken cancellationToken = default) =>
        GetAsync<BudgetProfile[]>(ApiPath.Root(Root).Segment("profiles").Query("workspaceId", workspaceId), cancellationToken);

    /// <summary><c>GET /api/budget/dashboard/{workspaceId}?from=&amp;to=</c>: default the last 30 days.</summary>
    public Task<BudgetDashboard> DashboardAsync(string workspaceId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        GetAsync<BudgetDashboard>(ApiPath.Root(Root).Segment("dashboard").Segment(workspaceId).Query("from", from).Query("to", to), cancellationToken);

    /// <summary><c>GET /api/budget/alerts?workspaceId=&amp;acknowledged=</c>.</summary>
    public Task<SpendAlert[]> AlertsAsync(string? workspaceId = null, bool? acknowledged = null, CancellationToken cancellationToken = default) =>
        GetAsync<SpendAlert[]>(ApiPath.Root(Root).Segment("alerts").Query("workspaceId", workspaceId).Query("acknowledged", acknowledged), cancellationToken);

    /// <summary><c>POST /api/budget/alerts/{id}/acknowledge</c>: idempotent.</summary>
    public Task<SpendAlert> AcknowledgeAlertAsync(string alertId, CancellationToken cancellationToken = default) =>
        PostAsync<SpendAlert>(ApiPath.Root(Root).Segment("alerts").Segment(alertId).Segment("acknowledge"), null, cancellationToken);

    /// <summary><c>GET /api/budget/performance/{channel}?workspaceId=&amp;from=&amp;to=</c>.</summary>
    public Task<ChannelPerformanceHistory> PerformanceAsync(string channel, string? workspaceId = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        CancellationToken cancellationToken = default) =>
        GetAsync<ChannelPerformanceHistory>(ApiPath.Root(Root).Segment("performance").Segment(channel).Query("workspaceId", workspaceId)
            .Query("from", from).Query("to", to), cancellationToken);

    private static ApiPath AllocationPath(string allocationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(allocationId);
        return ApiPath.Root(Root).Segment("allocation").Segment(allocationId);
    }

    private static ApiPath WalletPath(string workspaceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceId);
        return ApiPath.Root(Root).Segment("wallet").Segment(workspaceId);
    }
}
