using System.Diagnostics;
using System.Text.Json;
using ChannelAllocation = LoopDrive.Contracts.Budget.ChannelAllocation;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Budget.Lifecycle;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Brands;
using LoopDrive.Core.Voice.Prompts;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning.Demo;

/// <summary>
/// Run mode only: fills a fresh demo workspace with a world to learn in — the brand (voice and
/// exemplars), prompt packs with a challenger version, weak and strong snippets, 5,000 people with
/// identities, consents, a few memories and topics, an active nurture objective each, a funded
/// wallet and an approved bandit allocation, which is then executed. Everything but the execution
/// is written in one transaction, so a start that dies midway leaves nothing and the next one
/// seeds again; once the brand exists a start changes nothing. People are drawn from the world's
/// seed, so the simulated world (same seed) and every run agree on who they are.
/// </summary>
public sealed class SeedLivingDemo(LoopDriveDbContext db, EnsureWallet wallets, BudgetLedger ledger, RequestExecution execute, TimeProvider clock)
{
    public sealed record Result(bool Seeded, int Persons, int Identities, int Consents, int Topics, int Memories, int Objectives, TimeSpan Took);

    public async Task<Result> HandleAsync(string workspaceId, int seed, CancellationToken cancellationToken)
    {
        var timer = Stopwatch.StartNew();
        var fresh = !await db.Brands.IgnoreQueryFilters().AnyAsync(b => b.WorkspaceId == workspaceId && b.Id == DemoCatalogue.BrandId, cancellationToken)
                    && !await db.Persons.IgnoreQueryFilters().AnyAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        var counts = new Result(false, 0, 0, 0, 0, 0, 0, TimeSpan.Zero);
        if (fresh) counts = await SeedAsync(workspaceId, seed, cancellationToken);
        await ExecuteAllocationAsync(workspaceId, cancellationToken);
        return counts with { Took = timer.Elapsed };
    }

    private async Task<Result> SeedAsync(string workspaceId, int seed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var random = new Random(seed);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        AddVoice(workspaceId, now);
        await db.SaveChangesAsync(cancellationToken);
        var people = DemoPeople.Draw(workspaceId, seed, DemoCatalogue.Persons, now, random);
        await DemoCopy.WriteAsync((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), people, cancellationToken);

        await FundAsync(workspaceId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new Result(true, people.Persons.Count, people.Identities.Count, people.Consents.Count, people.Topics.Count, people.Memories.Count,
            people.Objectives.Count, TimeSpan.Zero);
    }

    private void AddVoice(string workspaceId, DateTimeOffset now)
    {
        var input = DemoBrand.Input("LoopDrive Demo");
        db.Brands.Add(new Brand
        {
            Id = DemoCatalogue.BrandId, WorkspaceId = workspaceId, Name = input.Name ?? "LoopDrive Demo", Tone = input.Tone ?? "friendly", Audience = input.Audience,
            PreferredVocabulary = [.. input.PreferredVocabulary ?? []], AvoidVocabulary = [.. input.AvoidVocabulary ?? []],
            BannedPhrases = [.. input.BannedPhrases ?? []], Competitors = [.. input.Competitors ?? []],
            AllowedLinkDomains = [.. input.AllowedLinkDomains ?? []], Exemplars = [.. input.Exemplars ?? []],
            IsDefault = true, CreatedAt = now, UpdatedAt = now,
        });
        foreach (var channel in DemoCatalogue.Channels)
        {
            var useCase = ShippedPromptPacks.UseCaseFor(channel, DemoCatalogue.Objective);
            var pack = ShippedPromptPacks.For(useCase);
            // Version 1 is the active pack; version 2 is a challenger left inactive, so both compete until the loop prefers one.
            for (var version = 1; version <= 2; version++)
            {
                db.PromptPackVersions.Add(new PromptPackVersion
                {
                    Id = $"pp_demo_{useCase}_v{version}", WorkspaceId = workspaceId, BrandId = DemoCatalogue.BrandId, UseCase = useCase, Version = version,
                    SystemPrompt = version == 1 ? pack.SystemPrompt : pack.SystemPrompt + DemoCatalogue.ChallengerInstruction,
                    UserPromptTemplate = pack.UserPromptTemplate, Variables = [.. PromptSections.Variables], Constraints = pack.ConstraintsJson,
                    IsActive = version == 1, CreatedAt = now,
                });
            }
        }
        foreach (var s in DemoCatalogue.Snippets)
        {
            db.Snippets.Add(new Snippet
            {
                Id = s.Id, WorkspaceId = workspaceId, BrandId = DemoCatalogue.BrandId, Channel = s.Channel, Objective = DemoCatalogue.Objective,
                Text = s.Text, Usage = s.Usage, CreatedAt = now, UpdatedAt = now,
            });
        }
    }

    /// <summary>Funds the wallet (a manual credit from clearing) and records the bandit allocation as approved.</summary>
    private async Task FundAsync(string workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await wallets.HandleAsync(workspaceId, cancellationToken);
        var credited = await ledger.TransferAsync(new LedgerTransfer(
            "demo:funds:" + workspaceId, workspaceId, LedgerAccounts.Clearing(workspaceId), LedgerAccounts.Wallet(workspaceId),
            DemoCatalogue.WalletFunds, TransferKinds.TopUp, Description: "Demo funds", WalletTxType: "credit", WalletTxSource: "manual"), cancellationToken);
        if (!credited.Applied) throw new InvalidOperationException($"Funding the demo wallet failed: {credited.Status}.");

        var channels = DemoCatalogue.ChannelBudgets
            .Select(c => new ChannelAllocation(c.Channel, DemoCatalogue.Objective, c.Budget, 0, 0, 0, 0, 0, 0.5)).ToList();
        db.BudgetAllocations.Add(new BudgetAllocation
        {
            Id = DemoCatalogue.AllocationId, WorkspaceId = workspaceId, Status = AllocationStatuses.Approved,
            Allocations = JsonSerializer.Serialize(channels, PlanMapping.Json), TotalBudget = channels.Sum(c => c.Budget), Strategy = "bandit",
            ApprovedBy = "demo", ApprovedAt = now, CreatedAt = now,
        });
    }

    /// <summary>An approved demo allocation is executed (its envelopes are funded by the workers); a repeat answers the same execution.</summary>
    private async Task ExecuteAllocationAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var status = await db.BudgetAllocations.IgnoreQueryFilters().Where(a => a.WorkspaceId == workspaceId && a.Id == DemoCatalogue.AllocationId)
            .Select(a => a.Status).FirstOrDefaultAsync(cancellationToken);
        if (status == AllocationStatuses.Approved) await execute.HandleAsync(workspaceId, DemoCatalogue.AllocationId, cancellationToken);
    }
}
