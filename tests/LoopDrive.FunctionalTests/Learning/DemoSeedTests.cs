using LoopDrive.Core.Budget;
using LoopDrive.Core.Learning.Demo;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>The living demo's seed against the real database: the promised counts once, nothing more on a second start.</summary>
public sealed class DemoSeedTests(TestServers servers) : ApiTest(servers)
{
    [Fact]
    public async Task The_seed_fills_a_fresh_workspace_once_and_a_second_start_changes_nothing()
    {
        var (workspace, _) = await CreateWorkspaceAsync("demo-seed");

        var first = await SeedAsync(workspace.Id);
        var afterFirst = await CountsAsync();
        var second = await SeedAsync(workspace.Id);

        Assert.True(first.Seeded);
        Assert.False(second.Seeded);
        Assert.Equal(afterFirst, await CountsAsync());
        Assert.Equal((5000, 5000, 5000), (afterFirst.Persons, afterFirst.Objectives, first.Persons));
        Assert.True(afterFirst.Identities >= 5000 && afterFirst.Consents >= 4000 && afterFirst.Topics >= 10000, afterFirst.ToString());
        Assert.Equal((1000, 0), (afterFirst.Memories, afterFirst.MemoriesWithVector));
        Assert.Equal((1, 6, 24), (afterFirst.Brands, afterFirst.PromptVersions, afterFirst.Snippets));
        Assert.Equal(AllocationStatuses.Executing, afterFirst.AllocationStatus);
        Assert.Equal(DemoCatalogue.WalletFunds, afterFirst.WalletBalance);

        await using var db = Servers.CreateDbContext();
        // People are the world's: ids drawn from the world's seed, so the simulated world answers them.
        Assert.True(await db.Persons.AnyAsync(p => p.Id == DemoPeople.PersonId(42, 4999)));
        Assert.Equal(2, await db.PromptPackVersions.CountAsync(p => p.UseCase == "email_nurture"));
        Assert.Equal(3, await db.Snippets.CountAsync(s => s.Channel == "sms" && s.Usage == "cta"));
    }

    private async Task<SeedLivingDemo.Result> SeedAsync(string workspaceId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SeedLivingDemo>().HandleAsync(workspaceId, 42, CancellationToken.None);
    }

    private async Task<Counts> CountsAsync()
    {
        await using var db = Servers.CreateDbContext();
        return new Counts(
            await db.Persons.CountAsync(), await db.Identities.CountAsync(), await db.Consents.CountAsync(), await db.Topics.CountAsync(),
            await db.MemEmbeddings.CountAsync(), await db.MemEmbeddings.CountAsync(m => m.Vector != null), await db.Objectives.CountAsync(),
            await db.Brands.CountAsync(), await db.PromptPackVersions.CountAsync(), await db.Snippets.CountAsync(),
            await db.BudgetAllocations.Select(a => a.Status).SingleAsync(), await db.Wallets.Select(w => w.Balance).SingleAsync(),
            await db.OutboxMessages.CountAsync());
    }

    private sealed record Counts(int Persons, int Identities, int Consents, int Topics, int Memories, int MemoriesWithVector, int Objectives,
        int Brands, int PromptVersions, int Snippets, string AllocationStatus, long WalletBalance, int Outbox);
}
