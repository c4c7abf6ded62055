using LoopDrive.Core.Data;
using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Prompts;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Which prompt version composes: the active version and every newer stored version (a challenger
/// added without activating it) compete by Thompson sampling on their learned posteriors for this
/// brand × use case × channel. A new version starts at the uniform prior, so it is explored; a better
/// one wins traffic. Activating a version retires the older ones from the draw.
/// </summary>
public sealed class ChoosePromptVersion(LoopDriveDbContext db, PromptPacks packs)
{
    public async Task<PromptPackVersion> HandleAsync(string brandId, string useCase, string channel, Random random, CancellationToken cancellationToken)
    {
        var versions = await packs.VersionsAsync(brandId, useCase, cancellationToken);
        var active = versions.LastOrDefault(v => v.IsActive) ?? versions[0];
        var candidates = versions.Where(v => v == active || (!v.IsActive && v.Version > active.Version)).ToList();
        if (candidates.Count == 1) return active;
        var keys = candidates.Select(v => ArmKinds.PromptKey(brandId, active.UseCase, channel, v.Version)).ToList();
        var arms = await db.LearningArms.AsNoTracking().Where(a => a.Kind == ArmKinds.PromptVersion && keys.Contains(a.ArmKey))
            .ToDictionaryAsync(a => a.ArmKey, StringComparer.Ordinal, cancellationToken);
        var posteriors = keys.Select(k => arms.TryGetValue(k, out var a) ? new ArmPosterior(a.Trials, a.Successes, a.Penalties) : ArmPosterior.Empty).ToList();
        return candidates[ArmPosterior.Pick(posteriors, random)];
    }
}
