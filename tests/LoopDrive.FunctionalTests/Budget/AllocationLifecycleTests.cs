using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget;
using BudgetAllocation = LoopDrive.Contracts.Budget.BudgetAllocation;
using BudgetLedger = LoopDrive.Contracts.Budget.BudgetLedger;
using LoopDrive.Core.Common;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Budget;

public sealed class AllocationLifecycleTests(TestServers servers) : AllocationTest(servers)
{
    [Theory]
    [InlineData("""{"totalBudget":0,"period":"monthly"}""", "constraints.totalBudget")]
    [InlineData("""{"totalBudget":1000,"period":"monthly","minBudgetPerChannel":500,"maxBudgetPerChannel":100}""", "constraints.minBudgetPerChannel")]
    [InlineData("""{"totalBudget":1000,"period":"monthly","testBudgetPercent":150}""", "constraints.testBudgetPercent")]
    [InlineData("""{"totalBudget":1000,"period":"monthly","whitelistChannels":["email"],"blacklistChannels":["email"]}""", "constraints.blacklistChannels")]
    [InlineData("""{"totalBudget":1000,"period":"monthly","whitelistChannels":["pigeon"]}""", "constraints.whitelistChannels")]
    [InlineData("""{"totalBudget":1000,"period":"monthly","channelLimits":{"fax":10}}""", "constraints.channelLimits")]
    [InlineData("""{"totalBudget":1000,"period":"yearly"}""", "constraints.period")]
    public async Task Invalid_constraints_answer_400_naming_the_field(string constraints, string field)
    {
        var body = $$"""{"workspaceId":"{{WorkspaceId}}","objectives":[{"type":"upsell","priority":5,"targetMetric":"roas"}],"constraints":{{constraints}}}""";
        var response = await Client.PostAsync("/api/budget/plan", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_plan_its_channels_cannot_absorb_is_422_naming_the_constraint_and_a_dry_run_stores_nothing()
    {
        await SeedAudienceAsync(("email", 50));
        var refused = await Client.PostAsJsonAsync("/api/budget/plan", PlanBody(WorkspaceId, 900_000_000));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("constraints_unsatisfiable", "totalBudget"), (problem.GetProperty("code").GetString(), problem.GetProperty("constraint").GetString()));

        var dry = await PlanAsync(PlanBody(WorkspaceId, 100, "bandit", dryRun: true));
        Assert.Equal("draft", dry.Status);
        Assert.Equal("email", Assert.Single(dry.Channels).Channel);
        var list = await Client.GetFromJsonAsync<AllocationList>($"/api/budget/allocations?workspaceId={WorkspaceId}");
        Assert.Equal(0, list!.Total);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/budget/allocation/{dry.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_plan_goes_from_approval_through_execution_spend_pause_and_completion_with_money_exact_throughout()
    {
        await SeedAudienceAsync(("email", 400), ("sms", 200));
        await EnsureWalletAsync(WorkspaceId);
        await FundAsync(WorkspaceId, 5_000);

        var plan = await PlanAsync(PlanBody(WorkspaceId, 2_000));
        Assert.Equal("pending_approval", plan.Status);
        Assert.Equal(2_000, plan.Channels.Sum(c => c.Budget));
        Assert.DoesNotContain(plan.Channels, c => c.Channel is not ("email" or "sms"));
        Assert.NotEmpty(plan.Alternatives!);
        Assert.False(string.IsNullOrWhiteSpace(plan.Reasoning));

        await PostStateAsync(plan.Id, "execute", HttpStatusCode.Conflict);
        var approved = await PostStateAsync(plan.Id, "approve");
        Assert.Equal("approved", approved.Status);
        Assert.NotNull(approved.ApprovedBy);

        var executed = await Client.PostAsJsonAsync($"/api/budget/allocation/{plan.Id}/execute", new { });
        var executionId = (await executed.Content.ReadFromJsonAsync<ExecuteResult>())!.ExecutionId;
        var again = await Client.PostAsJsonAsync($"/api/budget/allocation/{plan.Id}/execute", new { });
        Assert.Equal(executionId, (await again.Content.ReadFromJsonAsync<ExecuteResult>())!.ExecutionId);

        await using (var db = Servers.CreateDbContext())
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Stream == "budget.execute"));
        var message = new ExecuteAllocationMessage(WorkspaceId, plan.Id, executionId);
        await RunReserveAsync(message, crash: true);
        Assert.Equal(5_000, (await BalancesAsync(WorkspaceId))[LedgerAccounts.Wallet(WorkspaceId)]);
        await RunReserveAsync(message);
        await RunReserveAsync(message);
        var balances = await BalancesAsync(WorkspaceId);
        Assert.Equal(3_000, balances[LedgerAccounts.Wallet(WorkspaceId)]);
        foreach (var c in plan.Channels) Assert.Equal(c.Budget, balances[LedgerAccounts.Envelope(plan.Id, c.Channel)]);

        var spend = new SpendFromEnvelope(Servers.CreateDbContext(), NewLedger().Ledger);
        var channel = plan.Channels[0].Channel;
        Assert.Equal(TransferStatus.Ok, (await spend.HandleAsync(WorkspaceId, channel, 150, "send_1")).Status);
        Assert.Equal(TransferStatus.Duplicate, (await spend.HandleAsync(WorkspaceId, channel, 150, "send_1")).Status);
        Assert.Equal(TransferStatus.InsufficientFunds, (await spend.HandleAsync(WorkspaceId, channel, 10_000_000, "send_big")).Status);

        Assert.Equal("paused", (await PostStateAsync(plan.Id, "pause")).Status);
        Assert.Equal("paused", (await PostStateAsync(plan.Id, "pause")).Status);
        Assert.False((await spend.HandleAsync(WorkspaceId, channel, 150, "send_2")).Charged);
        Assert.Equal("executing", (await PostStateAsync(plan.Id, "resume")).Status);
        Assert.Equal("executing", (await PostStateAsync(plan.Id, "resume")).Status);

        var report = await (await Client.PostAsJsonAsync($"/api/budget/allocation/{plan.Id}/reconcile", new { })).Content.ReadFromJsonAsync<ReconciliationReport>();
        Assert.Equal((2_000L, 150L, -1_850L), (report!.Summary.PlannedBudget, report.Summary.ActualSpend, report.Summary.Variance));
        Assert.Equal(150, report.ByChannel.Single(c => c.Channel == channel).Actual);
        Assert.NotEmpty(report.Recommendations);

        var completed = await PostStateAsync(plan.Id, "complete");
        Assert.Equal("completed", completed.Status);
        Assert.NotNull(completed.CompletedAt);
        Assert.Equal(4_850, (await BalancesAsync(WorkspaceId))[LedgerAccounts.Wallet(WorkspaceId)]);
        await PostStateAsync(plan.Id, "pause", HttpStatusCode.Conflict);
        await PostStateAsync(plan.Id, "cancel", HttpStatusCode.Conflict);

        var ledger = (await Client.GetFromJsonAsync<BudgetLedger[]>($"/api/budget/ledger?workspaceId={WorkspaceId}"))!;
        Assert.Equal(2_000, ledger.Where(e => e.Type == "planned").Sum(e => e.Amount));
        Assert.Equal(150, ledger.Where(e => e.Type == "actual").Sum(e => e.Amount));
        Assert.Equal(-1_850, ledger.Where(e => e.Type == "adjustment").Sum(e => e.Amount));
        await AssertLedgerConsistentAsync(WorkspaceId);
    }

    [Fact]
    public async Task Executing_more_than_the_wallet_holds_is_422_and_a_wallet_drained_before_reservation_reserves_nothing()
    {
        await SeedAudienceAsync(("email", 300));
        await EnsureWalletAsync(WorkspaceId);
        await FundAsync(WorkspaceId, 300);
        var tooBig = await PlanAsync(PlanBody(WorkspaceId, 500));
        await PostStateAsync(tooBig.Id, "approve");
        var refused = await Client.PostAsJsonAsync($"/api/budget/allocation/{tooBig.Id}/execute", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("insufficient_funds", await refused.Content.ReadAsStringAsync());

        var fits = await PlanAsync(PlanBody(WorkspaceId, 250));
        await PostStateAsync(fits.Id, "approve");
        var executionId = (await (await Client.PostAsJsonAsync($"/api/budget/allocation/{fits.Id}/execute", new { })).Content.ReadFromJsonAsync<ExecuteResult>())!.ExecutionId;
        var (db, ledger) = NewLedger();
        await using (db)
            await ledger.TransferAsync(new LedgerTransfer(Ids.New("tr"), WorkspaceId, LedgerAccounts.Wallet(WorkspaceId), LedgerAccounts.Clearing(WorkspaceId),
                280, TransferKinds.Refund, WalletTxType: "refund", WalletTxSource: "refund"), CancellationToken.None);
        await RunReserveAsync(new ExecuteAllocationMessage(WorkspaceId, fits.Id, executionId));

        var after = await Client.GetFromJsonAsync<BudgetAllocation>($"/api/budget/allocation/{fits.Id}");
        Assert.Equal("approved", after!.Status);
        Assert.Contains("insufficient_funds", after.Metadata!.Value.ToString());
        Assert.Equal(20, (await BalancesAsync(WorkspaceId))[LedgerAccounts.Wallet(WorkspaceId)]);
        await AssertLedgerConsistentAsync(WorkspaceId);
    }

    [Fact]
    public async Task A_rejected_plan_records_who_and_cannot_be_approved_and_foreign_ids_are_404()
    {
        await SeedAudienceAsync(("email", 100));
        var plan = await PlanAsync(PlanBody(WorkspaceId, 100));
        var response = await Client.PostAsJsonAsync($"/api/budget/allocation/{plan.Id}/reject", new { by = "cfo@example.test", reason = "Too much on email" });
        var rejected = (await response.Content.ReadFromJsonAsync<BudgetAllocation>())!;
        Assert.Equal("rejected", rejected.Status);
        await PostStateAsync(plan.Id, "approve", HttpStatusCode.Conflict);

        var (_, otherKey) = await CreateWorkspaceAsync("budget-other");
        var other = ClientWithKey(otherKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/budget/allocation/{plan.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/budget/allocation/{plan.Id}/approve", new { })).StatusCode);
        var filtered = await Client.GetFromJsonAsync<AllocationList>($"/api/budget/allocations?workspaceId={WorkspaceId}&status=rejected");
        Assert.Equal(plan.Id, Assert.Single(filtered!.Allocations).Id);
    }
}
