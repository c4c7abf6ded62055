using LoopDrive.Contracts.Learning;

namespace LoopDrive.Web.Components.Pages.Learning;

/// <summary>
/// The prompt versions of one brand × use case × channel, side by side: each version's share of the
/// group's deliveries (what Thompson sampling gave it) and which version currently leads.
/// </summary>
public sealed record PromptGroup(string BrandId, string UseCase, string Channel, IReadOnlyList<PromptVersionPerformance> Versions)
{
    public double Deliveries => Versions.Sum(v => v.Trials);

    public double Share(PromptVersionPerformance version) => Deliveries <= 0 ? 0 : version.Trials / Deliveries;

    /// <summary>The version with the highest posterior mean; none while nothing has been delivered.</summary>
    public int? Leader => Deliveries <= 0 ? null : Versions.MaxBy(v => v.WinRate)?.Version;

    public static IReadOnlyList<PromptGroup> From(IEnumerable<PromptVersionPerformance> versions) =>
        [.. versions.GroupBy(v => (v.BrandId, v.UseCase, v.Channel))
            .Select(g => new PromptGroup(g.Key.BrandId, g.Key.UseCase, g.Key.Channel, [.. g.OrderBy(v => v.Version)]))
            .OrderByDescending(g => g.Deliveries).ThenBy(g => g.BrandId, StringComparer.Ordinal).ThenBy(g => g.UseCase, StringComparer.Ordinal)
            .ThenBy(g => g.Channel, StringComparer.Ordinal)];
}
