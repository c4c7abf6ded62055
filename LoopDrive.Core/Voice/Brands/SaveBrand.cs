using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Voice.Brands;

/// <summary>
/// Creates or updates a brand. The workspace's first brand becomes its default; making another
/// brand the default clears the flag on the previous one in the same transaction (a partial
/// unique index keeps it to one).
/// </summary>
public sealed class SaveBrand(LoopDriveDbContext db, IWorkspaceContext workspace, TimeProvider clock)
{
    public async Task<Brand> CreateAsync(BrandInput input, CancellationToken cancellationToken)
    {
        var workspaceId = workspace.WorkspaceId ?? throw new InvalidOperationException("No workspace is set.");
        var now = clock.GetUtcNow();
        var brand = new Brand { Id = Ids.New(VoiceIds.Brand, clock), WorkspaceId = workspaceId, Name = input.Name!.Trim(), CreatedAt = now, UpdatedAt = now };
        Apply(brand, input);
        return await UniqueViolations.RetryAsync(db, async () =>
        {
            var hasDefault = await db.Brands.AnyAsync(b => b.IsDefault, cancellationToken);
            brand.IsDefault = input.IsDefault ?? !hasDefault;
            if (!hasDefault) brand.IsDefault = true;
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            if (brand.IsDefault && hasDefault) await ClearDefaultAsync(cancellationToken);
            db.Brands.Add(brand);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return brand;
        });
    }

    public async Task<Brand?> UpdateAsync(string id, BrandInput input, CancellationToken cancellationToken)
    {
        var brand = await db.Brands.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (brand is null) return null;
        if (input.Name is { } name) brand.Name = name.Trim();
        Apply(brand, input);
        brand.UpdatedAt = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        // Unsetting the only default would leave the workspace without one; it stays until another takes it.
        if (input.IsDefault == true && !brand.IsDefault)
        {
            await ClearDefaultAsync(cancellationToken);
            brand.IsDefault = true;
        }
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return brand;
    }

    private Task<int> ClearDefaultAsync(CancellationToken cancellationToken) =>
        db.Brands.Where(b => b.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(b => b.IsDefault, false), cancellationToken);

    private static void Apply(Brand brand, BrandInput input)
    {
        if (input.Tone is { } tone) brand.Tone = tone.Trim().ToLowerInvariant();
        if (input.Audience is { } audience) brand.Audience = audience.Trim();
        if (input.PreferredVocabulary is { } preferred) brand.PreferredVocabulary = Clean(preferred);
        if (input.AvoidVocabulary is { } avoid) brand.AvoidVocabulary = Clean(avoid);
        if (input.BannedPhrases is { } banned) brand.BannedPhrases = Clean(banned);
        if (input.Competitors is { } competitors) brand.Competitors = Clean(competitors);
        if (input.AllowedLinkDomains is { } domains) brand.AllowedLinkDomains = [.. Clean(domains).Select(d => d.ToLowerInvariant())];
        if (input.Exemplars is { } exemplars) brand.Exemplars = Clean(exemplars);
        if (input.RequiredDisclaimers is { } disclaimers)
            brand.RequiredDisclaimers = JsonSerializer.Serialize(disclaimers.Where(d => !string.IsNullOrWhiteSpace(d.Value))
                .ToDictionary(d => d.Key.Trim().ToLowerInvariant(), d => d.Value.Trim()));
    }

    private static List<string> Clean(IEnumerable<string> values) =>
        [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
}
