using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Voice.Prompts;

/// <summary>
/// Versioned prompt packs per brand and use case: the active stored version, else the shipped
/// default (version 0). Adding a version numbers it after the last; activating one deactivates
/// the others in the same transaction.
/// </summary>
public sealed class PromptPacks(LoopDriveDbContext db, IWorkspaceContext workspace, TimeProvider clock)
{
    /// <summary>The pack compose uses. <paramref name="useCase"/> is normalized to lower case.</summary>
    public async Task<PromptPackVersion> ActiveAsync(string brandId, string useCase, CancellationToken cancellationToken)
    {
        var key = Normalize(useCase);
        var stored = await db.PromptPackVersions.AsNoTracking()
            .FirstOrDefaultAsync(p => p.BrandId == brandId && p.UseCase == key && p.IsActive, cancellationToken);
        return stored ?? Shipped(brandId, key);
    }

    public async Task<IReadOnlyList<PromptPackVersion>> VersionsAsync(string brandId, string useCase, CancellationToken cancellationToken)
    {
        var key = Normalize(useCase);
        var stored = await db.PromptPackVersions.AsNoTracking().Where(p => p.BrandId == brandId && p.UseCase == key)
            .OrderBy(p => p.Version).ToListAsync(cancellationToken);
        var shipped = Shipped(brandId, key);
        shipped.IsActive = stored.All(s => !s.IsActive);
        return [shipped, .. stored];
    }

    public async Task<PromptPackVersion> AddAsync(string brandId, string useCase, string systemPrompt, string userTemplate,
        IReadOnlyList<string> variables, string? examples, string constraints, bool activate, CancellationToken cancellationToken)
    {
        var key = Normalize(useCase);
        return await UniqueViolations.RetryAsync(db, async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var last = await db.PromptPackVersions.Where(p => p.BrandId == brandId && p.UseCase == key)
                .MaxAsync(p => (int?)p.Version, cancellationToken) ?? 0;
            if (activate) await DeactivateAsync(brandId, key, cancellationToken);
            var version = new PromptPackVersion
            {
                Id = Ids.New(VoiceIds.PromptPack, clock),
                WorkspaceId = workspace.WorkspaceId ?? throw new InvalidOperationException("No workspace is set."),
                BrandId = brandId, UseCase = key, Version = last + 1,
                SystemPrompt = systemPrompt, UserPromptTemplate = userTemplate, Variables = [.. variables],
                Examples = examples, Constraints = constraints, IsActive = activate, CreatedAt = clock.GetUtcNow(),
            };
            db.PromptPackVersions.Add(version);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return version;
        });
    }

    /// <summary>Activates a stored version, or version 0 to return to the shipped default. Null when no such version exists.</summary>
    public async Task<PromptPackVersion?> ActivateAsync(string brandId, string useCase, int version, CancellationToken cancellationToken)
    {
        var key = Normalize(useCase);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        if (version == 0)
        {
            await DeactivateAsync(brandId, key, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return Shipped(brandId, key);
        }
        var target = await db.PromptPackVersions.FirstOrDefaultAsync(p => p.BrandId == brandId && p.UseCase == key && p.Version == version, cancellationToken);
        if (target is null) return null;
        if (!target.IsActive)
        {
            await DeactivateAsync(brandId, key, cancellationToken);
            target.IsActive = true;
            await db.SaveChangesAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return target;
    }

    public static string Normalize(string useCase) => useCase.Trim().ToLowerInvariant();

    private Task<int> DeactivateAsync(string brandId, string useCase, CancellationToken cancellationToken) =>
        db.PromptPackVersions.Where(p => p.BrandId == brandId && p.UseCase == useCase && p.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false), cancellationToken);

    private PromptPackVersion Shipped(string brandId, string useCase)
    {
        var pack = ShippedPromptPacks.For(useCase);
        return new PromptPackVersion
        {
            Id = "shipped",
            WorkspaceId = workspace.WorkspaceId ?? string.Empty,
            BrandId = brandId, UseCase = useCase, Version = 0,
            SystemPrompt = pack.SystemPrompt, UserPromptTemplate = pack.UserPromptTemplate,
            Variables = [.. PromptSections.Variables], Constraints = pack.ConstraintsJson, IsActive = true, CreatedAt = DateTimeOffset.UnixEpoch,
        };
    }
}
