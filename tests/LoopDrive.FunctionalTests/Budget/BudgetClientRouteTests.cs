using LoopDrive.Client;
using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Budget.Insights;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Budget;

/// <summary>The .NET client's Budget module against the real API: profiles, alerts, dashboard, performance, wallet and ledger.</summary>
public sealed class BudgetClientRouteTests(TestServers servers) : AllocationTest(servers)
{
    private LoopDriveClient Sdk => new(Factory.CreateClient(), new LoopDriveClientOptions { BaseAddress = Factory.Server.BaseAddress, ApiKey = ApiKey });

    [Fact]
    public async Task Profiles_alerts_dashboard_and_performance_answer_through_the_client()
    {
        var sdk = Sdk;
        await SeedAudienceAsync(("email", 400), ("sms", 200));
        await EnsureWalletAsync(WorkspaceId);
        await FundAsync(WorkspaceId, 5_000);

        var profile = await sdk.Budget.CreateProfileAsync(new ProfileCreate(WorkspaceId, "Monthly growth", ["upsell"],
            new AllocationConstraints(2_000, "monthly", MinROAS: 0.5)));
        Assert.Equal("Monthly growth", Assert.Single(await sdk.Budget.ProfilesAsync(WorkspaceId)).Name);

        var plan = await sdk.Budget.PlanAsync(new BudgetAllocationRequest(WorkspaceId, profile.Id,
            [new AllocationObjective("upsell", 5, "roas")], null, "optimizer"));
        Assert.Equal(2_000, plan.TotalBudget);
        await sdk.Budget.ApproveAsync(plan.Id, "ops lead");
        var execution = await sdk.Budget.ExecuteAsync(plan.Id);
        await RunReserveAsync(new ExecuteAllocationMessage(WorkspaceId, plan.Id, execution.ExecutionId));

        var spend = new SpendFromEnvelope(Servers.CreateDbContext(), NewLedger().Ledger);
        var first = plan.Channels.OrderByDescending(c => c.Budget).First();
        Assert.True((await spend.HandleAsync(WorkspaceId, first.Channel, first.Budget, "send_all")).Charged);
        var others = plan.Channels.Where(c => c != first).Sum(c => c.Budget);
        if (others > 0)
            foreach (var c in plan.Channels.Where(c => c != first))
                Assert.True((await spend.HandleAsync(WorkspaceId, c.Channel, c.Budget, "send_" + c.Channel)).Charged);

        await using (var db = Servers.CreateDbContext())
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            for (var d = 1; d <= 20; d++)
                db.ChannelPerformance.Add(new ChannelPerformanceDay
                {
                    WorkspaceId = WorkspaceId, Channel = "email", Day = today.AddDays(-d), Spend = 1_000, Impressions = 10_000,
                    Clicks = 300, Conversions = 10 + d % 7, Revenue = 2_000 + 100 * (20 - d),
                });
            await db.SaveChangesAsync();
            await new RaiseSpendAlerts(db, TimeProvider.System).HandleAsync(WorkspaceId, CancellationToken.None);
            await new RaiseSpendAlerts(db, TimeProvider.System).HandleAsync(WorkspaceId, CancellationToken.None);
        }

        var alerts = await sdk.Budget.AlertsAsync(WorkspaceId, acknowledged: false);
        var threshold = Assert.Single(alerts, a => a.Type == "threshold_exceeded");
        Assert.Equal(("critical", 2_000L), (threshold.Severity, threshold.CurrentSpend));
        var acknowledged = await sdk.Budget.AcknowledgeAlertAsync(threshold.Id);
        var again = await sdk.Budget.AcknowledgeAlertAsync(threshold.Id);
        Assert.True(acknowledged.Acknowledged);
        Assert.Equal(acknowledged.AcknowledgedAt, again.AcknowledgedAt);
        Assert.DoesNotContain(await sdk.Budget.AlertsAsync(WorkspaceId, acknowledged: false), a => a.Id == threshold.Id);

        var performance = await sdk.Budget.PerformanceAsync("email", WorkspaceId, DateTimeOffset.UtcNow.AddDays(-30));
        Assert.Equal(20, performance.DataPoints.Count);
        Assert.True(performance.Trends.Roas > 0, "revenue rises day by day at equal spend");
        Assert.Equal(7, performance.Seasonality!.Count);

        var dashboard = await sdk.Budget.DashboardAsync(WorkspaceId);
        Assert.Equal((2_000L, 2_000L, 0L, 1), (dashboard.Summary.TotalAllocated, dashboard.Summary.TotalSpent, dashboard.Summary.RemainingBudget,
            dashboard.Summary.ActiveAllocations));
        Assert.Equal(first.Channel, dashboard.Summary.TopChannel);
        Assert.NotEmpty(dashboard.Trends.SpendOverTime);

        var wallet = await sdk.Budget.WalletAsync(WorkspaceId);
        Assert.Equal(3_000, wallet.Balance);
        var statement = await sdk.Budget.TransactionsAsync(WorkspaceId, limit: 10);
        Assert.Equal(3_000, statement.Transactions[0].Balance);
        var ledger = await sdk.Budget.LedgerAsync(WorkspaceId);
        Assert.Equal(2_000, ledger.Where(e => e.Type == "actual").Sum(e => e.Amount));
        var topUp = await sdk.Budget.TopUpAsync(WorkspaceId, 700);
        Assert.StartsWith("pi_", topUp.PaymentIntentId);
        Assert.Equal(700, Assert.Single((await sdk.Budget.PaymentsAsync(WorkspaceId)).Payments).Amount);
        var reload = await sdk.Budget.ConfigureAutoReloadAsync(WorkspaceId, new AutoReloadRequest(false));
        Assert.False(reload.AutoReloadEnabled);
        var list = await sdk.Budget.ListAllocationsAsync(WorkspaceId, "executing");
        Assert.Equal(plan.Id, Assert.Single(list.Allocations).Id);
        Assert.Equal(2_000, (await sdk.Budget.ReconcileAsync(plan.Id)).Summary.ActualSpend);
        Assert.Equal("cancelled", (await sdk.Budget.CancelAsync(plan.Id)).Status);
        await AssertLedgerConsistentAsync(WorkspaceId);
    }
}
