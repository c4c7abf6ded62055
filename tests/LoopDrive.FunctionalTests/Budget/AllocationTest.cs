using System.Net.Http.Json;
using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget.Lifecycle;
using LoopDrive.Core.Common;
using LoopDrive.Core.People;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Budget;

/// <summary>Budget tests that plan: people with marketing consent on a few channels, so those channels have an audience.</summary>
public abstract class AllocationTest(TestServers servers) : BudgetTest(servers)
{
    protected async Task SeedAudienceAsync(params (string Channel, int People)[] audience)
    {
        await using var db = Servers.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        foreach (var (channel, people) in audience)
            for (var i = 0; i < people; i++)
            {
                var person = new Person { Id = Ids.New(IdPrefixes.Person), WorkspaceId = WorkspaceId, CreatedAt = now, UpdatedAt = now };
                db.Persons.Add(person);
                db.Consents.Add(new Consent
                {
                    Id = Ids.New(IdPrefixes.Consent), WorkspaceId = WorkspaceId, PersonId = person.Id, Channel = channel,
                    Scope = "marketing", Status = "granted", Source = "import", GrantedAt = now, CreatedAt = now,
                });
            }
        await db.SaveChangesAsync();
    }

    protected static object PlanBody(string workspaceId, long total, string strategy = "optimizer", bool dryRun = false, object? extra = null) => new
    {
        workspaceId,
        strategy,
        dryRun,
        objectives = new[] { new { type = "upsell", priority = 5, targetMetric = "roas" } },
        constraints = extra ?? new { totalBudget = total, period = "monthly" },
    };

    protected async Task<AllocationPlan> PlanAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/budget/plan", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AllocationPlan>())!;
    }

    /// <summary>What the budget.execute consumer does, inside a transaction as the batch processor runs it.</summary>
    protected async Task RunReserveAsync(ExecuteAllocationMessage message, bool crash = false)
    {
        var (db, ledger) = NewLedger();
        await using (db)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await new ReserveAllocation(db, ledger, TimeProvider.System).HandleAsync(message, CancellationToken.None);
            if (crash) await transaction.RollbackAsync();
            else await transaction.CommitAsync();
        }
    }

    protected async Task<BudgetAllocation> PostStateAsync(string id, string action, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var response = await Client.PostAsJsonAsync($"/api/budget/allocation/{id}/{action}", new { });
        Assert.True(expected == response.StatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return expected == System.Net.HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<BudgetAllocation>())! : null!;
    }
}
