using System.Text.Json;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Data;
using LoopDrive.Core.Voice.Snippets;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Voice;

/// <summary>
/// VoiceAnalytics for a brand and period, from composition records and the outcomes that followed
/// them: a conversion event (<c>conversion.*</c>) or reply (<c>*.replied</c>) of the same person
/// within <see cref="AttributionWindow"/> after a composition is attributed to the latest
/// composition before it. Experiments are the snippet slots being tested against each other.
/// </summary>
public sealed class VoiceAnalyticsReport(LoopDriveDbContext db)
{
    public static readonly TimeSpan AttributionWindow = TimeSpan.FromDays(7);
    private const int MaxRows = 100_000;
    private const int SettledImpressions = 100;

    public async Task<VoiceAnalytics> HandleAsync(string brandId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.Compositions.AsNoTracking()
            .Where(c => c.BrandId == brandId && c.CreatedAt >= from && c.CreatedAt < to)
            .OrderBy(c => c.CreatedAt).Take(MaxRows)
            .Select(c => new { c.Id, c.PersonId, c.Channel, c.Objective, c.CreatedAt, c.BrandAlignment, c.Sentiment, c.Guardrails, c.SnippetsUsed })
            .ToListAsync(cancellationToken);
        var personIds = rows.Select(r => r.PersonId).Distinct().ToList();
        var until = to + AttributionWindow;
        var outcomes = await db.Events.AsNoTracking()
            .Where(e => e.PersonId != null && personIds.Contains(e.PersonId) && e.Ts >= from && e.Ts < until
                && (e.Type.StartsWith("conversion.") || e.Type.EndsWith(".replied")))
            .Select(e => new { PersonId = e.PersonId!, e.Type, e.Ts }).ToListAsync(cancellationToken);

        var converted = new HashSet<string>();
        var responseHours = new Dictionary<string, double>();
        foreach (var byPerson in outcomes.GroupBy(e => e.PersonId))
        {
            var compositions = rows.Where(r => r.PersonId == byPerson.Key).ToList();
            foreach (var outcome in byPerson.OrderBy(e => e.Ts))
            {
                var attributed = compositions.LastOrDefault(c => c.CreatedAt <= outcome.Ts && outcome.Ts - c.CreatedAt <= AttributionWindow);
                if (attributed is null) continue;
                if (outcome.Type.StartsWith("conversion.", StringComparison.Ordinal)) converted.Add(attributed.Id);
                else responseHours.TryAdd(attributed.Id, (outcome.Ts - attributed.CreatedAt).TotalHours);
            }
        }

        var snippets = await db.Snippets.AsNoTracking().Where(s => s.BrandId == brandId).ToListAsync(cancellationToken);
        var byChannel = rows.GroupBy(r => r.Channel).ToDictionary(g => g.Key, g => new ChannelVoiceStats(
            g.Count(),
            Math.Round(g.Average(r => r.BrandAlignment), 3),
            Math.Round(g.Average(r => r.Sentiment), 3),
            Math.Round((double)g.Count(r => converted.Contains(r.Id)) / g.Count(), 4),
            [.. snippets.Where(s => s.Channel == g.Key && g.Any(r => r.SnippetsUsed.Contains(s.Id)))
                .OrderByDescending(s => s.WinRate).ThenBy(s => s.Id, StringComparer.Ordinal).Take(3).Select(s => s.Id)]));
        var byObjective = rows.GroupBy(r => r.Objective).ToDictionary(g => g.Key, g => new ObjectiveVoiceStats(
            g.Count(),
            Math.Round((double)g.Count(r => converted.Contains(r.Id)) / g.Count(), 4),
            Math.Round(g.Where(r => responseHours.ContainsKey(r.Id)).Select(r => responseHours[r.Id]).DefaultIfEmpty(0).Average(), 2)));

        var checks = rows.SelectMany(r => JsonSerializer.Deserialize<List<GuardrailCheck>>(r.Guardrails, Web) ?? []).ToList();
        var guardrails = new GuardrailStats(
            checks.Count,
            checks.Count(c => !c.Safe),
            checks.Count(c => c.Warnings is { Count: > 0 }),
            [.. checks.SelectMany(c => c.Violations).GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(5).Select(g => new ViolationCount(g.Key, g.Count()))]);

        return new VoiceAnalytics(brandId, new AnalyticsPeriod(from, to), byChannel, byObjective, Experiments(snippets), guardrails);
    }

    /// <summary>A slot (channel, objective, usage) with two or more snippets is an experiment; it is completed once each has enough impressions.</summary>
    private static ExperimentStats Experiments(List<Snippet> snippets)
    {
        var groups = snippets.GroupBy(s => (s.Channel, s.Objective, s.Usage)).Where(g => g.Count() >= 2).ToList();
        var completed = groups.Count(g => g.All(s => s.Impressions >= SettledImpressions));
        var lifts = groups.Select(g =>
        {
            var rates = g.Select(s => BetaPosterior.For(s.Impressions, s.Conversions).Mean).ToList();
            var mean = rates.Average();
            return mean <= 0 ? 0 : (rates.Max() - mean) / mean;
        }).ToList();
        return new ExperimentStats(groups.Count - completed, completed, Math.Round(lifts.DefaultIfEmpty(0).Average(), 4));
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
