using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Voice.Snippets;

/// <summary>Create, filter and record outcomes of snippets; the win rate is always the Beta posterior mean.</summary>
public sealed class SnippetLibrary(LoopDriveDbContext db, IWorkspaceContext workspace, TimeProvider clock)
{
    public sealed record Filter(string BrandId, string? Channel, string? Objective, string? Usage, double? MinWinRate, int Limit);

    public async Task<Snippet> CreateAsync(string brandId, string channel, string objective, string text, string usage, string? metadata, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var snippet = new Snippet
        {
            Id = Ids.New(Common.IdPrefixes.Snippet, clock),
            WorkspaceId = workspace.WorkspaceId ?? throw new InvalidOperationException("No workspace is set."),
            BrandId = brandId, Channel = channel, Objective = objective, Text = text, Usage = usage, Metadata = metadata,
            WinRate = BetaPosterior.For(0, 0).Mean, CreatedAt = now, UpdatedAt = now,
        };
        db.Snippets.Add(snippet);
        await db.SaveChangesAsync(cancellationToken);
        return snippet;
    }

    public async Task<IReadOnlyList<Snippet>> ListAsync(Filter filter, CancellationToken cancellationToken)
    {
        var query = db.Snippets.AsNoTracking().Where(s => s.BrandId == filter.BrandId);
        if (filter.Channel is { } channel) query = query.Where(s => s.Channel == channel);
        if (filter.Objective is { } objective) query = query.Where(s => s.Objective == objective);
        if (filter.Usage is { } usage) query = query.Where(s => s.Usage == usage);
        if (filter.MinWinRate is { } min) query = query.Where(s => s.WinRate >= min);
        return await query.OrderByDescending(s => s.WinRate).ThenByDescending(s => s.Impressions).ThenBy(s => s.Id)
            .Take(filter.Limit).ToListAsync(cancellationToken);
    }

    /// <summary>Applies the given changes; new text restarts the posterior unless <paramref name="keepStats"/>. Null when there is no such snippet.</summary>
    public async Task<Snippet?> UpdateAsync(string id, string? text, string? usage, string? objective, string? metadata, bool keepStats, CancellationToken cancellationToken)
    {
        var snippet = await db.Snippets.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (snippet is null) return null;
        if (text is not null && text != snippet.Text)
        {
            snippet.Text = text;
            if (!keepStats)
            {
                snippet.Impressions = 0;
                snippet.Conversions = 0;
                snippet.WinRate = BetaPosterior.For(0, 0).Mean;
            }
        }
        if (usage is not null) snippet.Usage = usage;
        if (objective is not null) snippet.Objective = objective;
        if (metadata is not null) snippet.Metadata = metadata;
        snippet.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return snippet;
    }

    /// <summary>Takes the snippet out of the library, so composition no longer picks it; compositions that used it keep its id.</summary>
    public async Task<Snippet?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var snippet = await db.Snippets.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (snippet is null) return null;
        await db.Snippets.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        return snippet;
    }

    /// <summary>
    /// One impression, plus a conversion when the outcome was one, as a single atomic UPDATE so
    /// concurrent outcomes never lose a count; the win rate is recomputed from the new counts.
    /// </summary>
    public async Task<Snippet?> RecordUsageAsync(string id, bool converted, CancellationToken cancellationToken)
    {
        var add = converted ? 1 : 0;
        var now = clock.GetUtcNow();
        var updated = await db.Snippets.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Impressions, x => x.Impressions + 1)
            .SetProperty(x => x.Conversions, x => x.Conversions + add)
            .SetProperty(x => x.WinRate, x => (1.0 + x.Conversions + add) / (2.0 + x.Impressions + 1))
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (updated == 0) return null;
        return await db.Snippets.AsNoTracking().FirstAsync(s => s.Id == id, cancellationToken);
    }
}
