using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Data;
using LoopDrive.Core.Voice.Snippets;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning.Reports;

/// <summary>Snippet performance over time: the Voice counters with their interval, and the loop's daily history (cumulative win rate per day).</summary>
public sealed class SnippetPerformanceReport(LoopDriveDbContext db)
{
    public async Task<IReadOnlyList<SnippetPerformance>> HandleAsync(string? brandId, string? channel, DateOnly from, DateOnly to, int limit,
        CancellationToken cancellationToken)
    {
        var query = db.Snippets.AsNoTracking();
        if (brandId is not null) query = query.Where(s => s.BrandId == brandId);
        if (channel is not null) query = query.Where(s => s.Channel == channel);
        var snippets = await query.OrderByDescending(s => s.Impressions).ThenBy(s => s.Id).Take(limit).ToListAsync(cancellationToken);
        var ids = snippets.Select(s => s.Id).ToList();
        var days = await ArmHistory.DaysAsync(db, ArmKinds.Snippet, ids, from, to, cancellationToken);
        return [.. snippets.Select(s =>
        {
            var posterior = BetaPosterior.For(s.Impressions, s.Conversions);
            var (low, high) = posterior.Interval90;
            return new SnippetPerformance(s.Id, s.BrandId, s.Channel, s.Objective, s.Usage, s.Impressions, s.Conversions,
                Math.Round(posterior.Mean, 4), Math.Round(low, 4), Math.Round(high, 4), days.GetValueOrDefault(s.Id) ?? []);
        })];
    }
}

/// <summary>Prompt-version performance per brand × use case × channel, versions side by side with intervals and history.</summary>
public sealed class PromptPerformanceReport(LoopDriveDbContext db)
{
    public async Task<IReadOnlyList<PromptVersionPerformance>> HandleAsync(string? brandId, string? useCase, string? channel, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var query = db.LearningArms.AsNoTracking().Where(a => a.Kind == ArmKinds.PromptVersion);
        if (brandId is not null) query = query.Where(a => a.BrandId == brandId);
        if (useCase is not null) query = query.Where(a => a.UseCase == useCase);
        if (channel is not null) query = query.Where(a => a.Channel == channel);
        var arms = await query.OrderBy(a => a.ArmKey).Take(500).ToListAsync(cancellationToken);
        var days = await ArmHistory.DaysAsync(db, ArmKinds.PromptVersion, [.. arms.Select(a => a.ArmKey)], from, to, cancellationToken);
        return [.. arms.Select(a =>
        {
            var parts = a.ArmKey.Split('|');
            var version = parts.Length == 4 && int.TryParse(parts[3].AsSpan(1), out var v) ? v : 0;
            var posterior = new ArmPosterior(a.Trials, a.Successes, a.Penalties).Beta;
            var (low, high) = posterior.Interval90;
            return new PromptVersionPerformance(a.BrandId ?? parts[0], a.UseCase ?? parts.ElementAtOrDefault(1) ?? "", a.Channel ?? parts.ElementAtOrDefault(2) ?? "",
                version, a.Trials, a.Successes, a.Penalties, Math.Round(posterior.Mean, 4), Math.Round(low, 4), Math.Round(high, 4),
                days.GetValueOrDefault(a.ArmKey) ?? []);
        })];
    }
}

internal static class ArmHistory
{
    /// <summary>Per arm, its days in the window with the cumulative posterior mean and interval as of each day (earlier days count toward it).</summary>
    public static async Task<Dictionary<string, List<ArmDay>>> DaysAsync(LoopDriveDbContext db, string kind, List<string> keys, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return [];
        var rows = await db.LearningArmDays.AsNoTracking().Where(d => d.Kind == kind && keys.Contains(d.ArmKey) && d.Day <= to)
            .OrderBy(d => d.Day).ToListAsync(cancellationToken);
        var result = new Dictionary<string, List<ArmDay>>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.ArmKey))
        {
            var total = ArmPosterior.Empty;
            var list = new List<ArmDay>();
            foreach (var d in group)
            {
                total = total.Add(new ArmPosterior(d.Trials, d.Successes, d.Penalties));
                if (d.Day < from) continue;
                var (low, high) = TrendInterval.Of(total.Beta);
                list.Add(new ArmDay(d.Day, d.Trials, d.Successes, d.Penalties, Math.Round(total.Mean, 4), Math.Round(low, 4), Math.Round(high, 4)));
            }
            result[group.Key] = list;
        }
        return result;
    }
}
