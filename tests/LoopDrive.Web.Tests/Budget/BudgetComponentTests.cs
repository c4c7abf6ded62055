using System.Net;
using System.Text.Json;
using Bunit;
using LoopDrive.Contracts.Budget;
using LoopDrive.Web.Components.Pages.Budget;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Budget;

public sealed class BudgetComponentTests : DashboardTestContext
{
    private static readonly TimeSpan CheckDelay = TimeSpan.FromMilliseconds(400);

    [Fact]
    public void Sliding_a_channel_checks_the_split_with_a_dry_run_and_approving_replaces_the_plan_with_the_adjusted_one()
    {
        Api.ThenJson(HttpStatusCode.OK, BudgetSamples.Plan("alloc_dry", "manual", 7_000, 3_000, conversions: 14));
        Api.ThenJson(HttpStatusCode.OK, BudgetSamples.Plan("alloc_02", "manual", 7_000, 3_000, conversions: 14));
        Api.OnJson(HttpMethod.Post, "/api/budget/allocation/alloc_01/reject", BudgetSamples.Allocation("alloc_01", "rejected"));
        Api.OnJson(HttpMethod.Post, "/api/budget/allocation/alloc_02/approve", BudgetSamples.Allocation("alloc_02"));
        RenderProviders();
        BudgetAllocation? decided = null;
        var editor = Render<AllocationEditor>(p => p.Add(x => x.Planned, BudgetSamples.Planned()).Add(x => x.CheckDelay, CheckDelay)
            .Add(x => x.OnDecided, a => decided = a));
        Assert.Contains("12.5", editor.Find(".predicted-conversions").TextContent, StringComparison.Ordinal);

        editor.Find(".split-slider-email input").Input("7000");

        Assert.Contains("$70.00 (70 %)", editor.Find(".split-row[data-channel=email] .split-amount").TextContent, StringComparison.Ordinal);
        Assert.Contains("$30.00 (30 %)", editor.Find(".split-row[data-channel=sms] .split-amount").TextContent, StringComparison.Ordinal);
        Assert.Empty(Api.Requests);
        Time.Advance(CheckDelay);
        editor.WaitForAssertion(() => Assert.Contains("14.0", editor.Find(".predicted-conversions").TextContent, StringComparison.Ordinal), Deadline);
        using (var dry = JsonDocument.Parse(Api.Requests[0].Body!))
        {
            Assert.Equal("manual", dry.RootElement.GetProperty("strategy").GetString());
            Assert.True(dry.RootElement.GetProperty("dryRun").GetBoolean());
            Assert.Equal(7_000, dry.RootElement.GetProperty("manualSplit").GetProperty("email").GetInt64());
            Assert.Equal(3_000, dry.RootElement.GetProperty("manualSplit").GetProperty("sms").GetInt64());
        }

        editor.Find("button.allocation-approve").Click();

        editor.WaitForAssertion(() => Assert.Contains("Approved alloc_02", editor.Find(".allocation-decision").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Equal("alloc_02", decided?.Id);
        Assert.Equal(
            ["POST /api/budget/plan", "POST /api/budget/plan", "POST /api/budget/allocation/alloc_01/reject", "POST /api/budget/allocation/alloc_02/approve"],
            Api.Requests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"));
        using var stored = JsonDocument.Parse(Api.Requests[1].Body!);
        Assert.False(stored.RootElement.GetProperty("dryRun").GetBoolean());
    }

    [Fact]
    public void A_split_the_constraints_refuse_is_explained_and_cannot_be_approved()
    {
        Api.Then(_ => ScriptedApiHandler.JsonReply(HttpStatusCode.UnprocessableEntity,
            new { title = "Constraints cannot be met", status = 422, code = "constraints_unsatisfiable", detail = "email: $90.00 is outside its allowed $0.00–$80.00.", constraint = "manualSplit" },
            "application/problem+json"));
        RenderProviders();
        var editor = Render<AllocationEditor>(p => p.Add(x => x.Planned, BudgetSamples.Planned()).Add(x => x.CheckDelay, CheckDelay));

        editor.Find(".split-slider-email input").Input("9000");
        Time.Advance(CheckDelay);

        editor.WaitForAssertion(() => Assert.Contains("outside its allowed", editor.Find(".split-feedback").TextContent, StringComparison.Ordinal), Deadline);
        Assert.True(editor.Find("button.allocation-approve").HasAttribute("disabled"));

        editor.Find("button.split-reset").Click();
        Assert.Empty(editor.FindAll(".split-feedback"));
        Assert.False(editor.Find("button.allocation-approve").HasAttribute("disabled"));
    }

    [Fact]
    public void Approving_an_unchanged_plan_approves_it_as_it_is()
    {
        Api.OnJson(HttpMethod.Post, "/api/budget/allocation/alloc_01/approve", BudgetSamples.Allocation("alloc_01"));
        RenderProviders();
        var editor = Render<AllocationEditor>(p => p.Add(x => x.Planned, BudgetSamples.Planned()));

        editor.Find("button.allocation-approve").Click();

        editor.WaitForAssertion(() => Assert.Contains("Approved alloc_01", editor.Find(".allocation-decision").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Equal("POST /api/budget/allocation/alloc_01/approve", Assert.Single(Api.Requests).Method + " " + Api.Requests[0].Uri.AbsolutePath);
    }

    [Fact]
    public void The_plan_form_shows_the_apis_field_errors_under_their_fields()
    {
        Api.Then(_ => ScriptedApiHandler.Problem(HttpStatusCode.BadRequest, "The request is invalid", "validation_failed",
            new Dictionary<string, string[]> { ["constraints.totalBudget"] = ["Required: cents, more than 0."] }));
        var (_, snackbars) = RenderProviders();
        PlannedBudget? planned = null;
        var form = Render<PlanBuilder>(p => p.Add(x => x.OnPlanned, b => planned = b));

        form.Find(".plan-total input").Change("");
        form.Find("button.plan-submit").Click();

        form.WaitForAssertion(() => Assert.Contains("Required: cents, more than 0.", form.Find(".plan-total").TextContent, StringComparison.Ordinal), Deadline);
        snackbars.WaitForAssertion(() => Assert.Contains("constraints.totalBudget", snackbars.Markup, StringComparison.Ordinal), Deadline);
        Assert.Null(planned);
        using var body = JsonDocument.Parse(Api.Requests[0].Body!);
        Assert.Equal(0, body.RootElement.GetProperty("constraints").GetProperty("totalBudget").GetInt64());
    }

    [Fact]
    public void The_plan_form_sends_cents_and_hands_the_stored_plan_on()
    {
        Api.OnJson(HttpMethod.Post, "/api/budget/plan", BudgetSamples.Plan());
        RenderProviders();
        PlannedBudget? planned = null;
        var form = Render<PlanBuilder>(p => p.Add(x => x.OnPlanned, b => planned = b));

        form.Find(".plan-total input").Change("250.5");
        form.Find("button.plan-submit").Click();

        form.WaitForAssertion(() => Assert.Equal("alloc_01", planned?.Plan.Id), Deadline);
        Assert.Equal(25_050, planned!.Request.Constraints!.TotalBudget);
        Assert.Equal("bandit", planned.Request.Strategy);
    }

    [Fact]
    public void The_wallet_shows_balance_and_transactions_and_a_top_up_is_sent_in_cents()
    {
        Api.OnJson(HttpMethod.Get, "/api/budget/wallet/ws_01demo", BudgetSamples.Wallet());
        Api.OnJson(HttpMethod.Get, "/api/budget/wallet/ws_01demo/transactions", new WalletTransactionList(
            [new WalletTransaction("wtx_01", "wal_01", "credit", 25_000, 25_000, "topup", "Top-up", ContractSamples.Now)], 1));
        Api.OnJson(HttpMethod.Get, "/api/budget/payments", new PaymentList([], 0));
        Api.OnJson(HttpMethod.Post, "/api/budget/wallet/ws_01demo/topup", new TopUpResult("pi_01", "secret"));
        RenderProviders();
        var wallet = Render<WalletPanel>(p => p.Add(x => x.WorkspaceId, "ws_01demo"));

        wallet.WaitForAssertion(() =>
        {
            Assert.Equal("$250.00", wallet.Find(".wallet-balance").TextContent);
            Assert.Equal("$250.00", wallet.Find(".transaction-amount").TextContent);
        }, Deadline);

        wallet.Find(".topup-amount input").Change("40");
        wallet.Find("button.topup-submit").Click();

        wallet.WaitForAssertion(() => Assert.Contains("pi_01", wallet.Find(".topup-pending").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Equal("{\"amount\":4000}", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post).Body);
    }

    [Fact]
    public void The_overview_shows_totals_and_an_acknowledged_alert_goes_away()
    {
        Api.OnJson(HttpMethod.Get, "/api/budget/dashboard/ws_01demo", BudgetSamples.Dashboard());
        Api.OnJson(HttpMethod.Get, "/api/budget/alerts", new[] { BudgetSamples.Alert() });
        Api.OnJson(HttpMethod.Post, "/api/budget/alerts/alert_01/acknowledge", BudgetSamples.Alert() with { Acknowledged = true });
        RenderProviders();
        var overview = Render<BudgetOverview>(p => p.Add(x => x.WorkspaceId, "ws_01demo"));

        overview.WaitForAssertion(() =>
        {
            Assert.Equal("$100.00", overview.Find(".summary-allocated").TextContent);
            Assert.Equal("$25.00", overview.Find(".summary-spent").TextContent);
            Assert.Contains("ahead of plan", overview.Find(".spend-alert").TextContent, StringComparison.Ordinal);
            Assert.NotEmpty(overview.FindAll(".spend-chart svg"));
        }, Deadline);
        var alertsQuery = Assert.Single(Api.Requests, r => r.Uri.AbsolutePath == "/api/budget/alerts").Uri.Query;
        Assert.Contains("workspaceId=ws_01demo", alertsQuery, StringComparison.Ordinal);
        Assert.Contains("acknowledged=false", alertsQuery, StringComparison.Ordinal);

        overview.Find("button.alert-acknowledge").Click();

        overview.WaitForAssertion(() => Assert.NotNull(overview.Find(".alerts-empty")), Deadline);
    }

    [Fact]
    public void The_spend_chart_accumulates_spend_against_an_even_plan_pace()
    {
        var chart = SpendChart.From(BudgetSamples.Dashboard());

        Assert.Equal([10.0, 15.0, 25.0], chart.Spent);
        Assert.Equal(100.0, chart.Planned[^1], 6);
        Assert.Equal(100.0 / 3, chart.Planned[0], 6);
    }

    [Fact]
    public void The_allocations_table_offers_the_actions_each_status_allows_and_runs_them()
    {
        Api.ThenJson(HttpStatusCode.OK, new AllocationList([BudgetSamples.Allocation("alloc_01", "approved"), BudgetSamples.Allocation("alloc_02", "rejected")], 2));
        Api.OnJson(HttpMethod.Post, "/api/budget/allocation/alloc_01/execute", new ExecuteResult("exec_01"));
        Api.OnJson(HttpMethod.Get, "/api/budget/allocations", new AllocationList([BudgetSamples.Allocation("alloc_01", "executing")], 1));
        RenderProviders();
        var table = Render<AllocationsTable>();

        table.WaitForAssertion(() => Assert.Equal(["approved", "rejected"], table.FindAll(".allocation-status").Select(s => s.GetAttribute("data-status"))), Deadline);
        Assert.Single(table.FindAll("button.allocation-execute"));

        table.Find("button.allocation-execute").Click();

        table.WaitForAssertion(() => Assert.Equal(["executing"], table.FindAll(".allocation-status").Select(s => s.GetAttribute("data-status"))), Deadline);
        Assert.Contains(Api.Requests, r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath == "/api/budget/allocation/alloc_01/execute");
        Assert.Single(table.FindAll("button.allocation-pause"));
    }
}
