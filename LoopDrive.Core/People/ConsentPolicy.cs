using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>Why a person may or may not be contacted. <see cref="Reason"/> is a stable code recorded on refused sends.</summary>
public sealed record ContactDecision(bool Allowed, string Reason, string Detail)
{
    public static ContactDecision Allow(string detail) => new(true, "allowed", detail);
    public static ContactDecision Deny(string reason, string detail) => new(false, reason, detail);
}

public static class ContactPurposes
{
    public const string Marketing = "marketing";
    public const string Transactional = "transactional";
}

/// <summary>
/// The one place that decides consent (Sends, Voice and Budget all ask here). Marketing needs a
/// current, unexpired grant for the channel (or for <c>dm</c> on a social channel) in scope
/// <c>marketing</c> or <c>both</c>; transactional messages need no opt-in but respect a
/// revocation. A revocation anywhere that applies always wins.
/// </summary>
public sealed class ConsentPolicy(LoopDriveDbContext db)
{
    private static readonly HashSet<string> SocialChannels = ["instagram", "facebook", "x", "reddit", "whatsapp", "tiktok", "youtube", "linkedin"];

    public async Task<ContactDecision> CanContactAsync(string personId, string channel, string purpose, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null)
            return ContactDecision.Deny("person_not_found", "No such person in this workspace.");
        if (person.ErasedAt is not null)
            return ContactDecision.Deny("person_erased", "The person's data was erased on request.");
        if (person.MergedIntoId is { } target)
            return await CanContactAsync(target, channel, purpose, at, cancellationToken);

        var channels = SocialChannels.Contains(channel) ? new[] { channel, "dm" } : [channel];
        var consents = await db.Consents.AsNoTracking()
            .Where(c => c.PersonId == personId && channels.Contains(c.Channel))
            .ToListAsync(cancellationToken);
        return Decide(consents, purpose, at);
    }

    /// <summary>The rule itself, without I/O, so it is tested exhaustively.</summary>
    public static ContactDecision Decide(IReadOnlyCollection<Consent> consents, string purpose, DateTimeOffset at)
    {
        var applicable = consents.Where(c => c.Scope == "both" || c.Scope == purpose).ToList();
        if (applicable.FirstOrDefault(c => c.Status == "revoked") is { } revoked)
            return ContactDecision.Deny("consent_revoked", $"Consent for {revoked.Channel} ({revoked.Scope}) was revoked.");
        if (purpose == ContactPurposes.Transactional)
            return ContactDecision.Allow("Transactional messages need no opt-in and none was revoked.");

        var granted = applicable.Where(c => c.Status == "granted").ToList();
        if (granted.Any(c => c.ExpiresAt is null || c.ExpiresAt > at))
            return ContactDecision.Allow("Marketing consent is granted.");
        if (granted.Count > 0)
            return ContactDecision.Deny("consent_expired", "Marketing consent has expired.");
        return ContactDecision.Deny("no_consent", "There is no marketing consent for this channel.");
    }

    /// <summary>
    /// For merges: of two consent states for one (channel, scope), the more restrictive.
    /// revoked &gt; unknown/pending &gt; granted; between two grants the one expiring first.
    /// </summary>
    public static Consent MostRestrictive(Consent a, Consent b)
    {
        static int Rank(Consent c) => c.Status switch { "revoked" => 3, "pending" => 2, "unknown" => 1, _ => 0 };
        if (Rank(a) != Rank(b)) return Rank(a) > Rank(b) ? a : b;
        if (a.Status == "granted" && (a.ExpiresAt ?? DateTimeOffset.MaxValue) != (b.ExpiresAt ?? DateTimeOffset.MaxValue))
            return (a.ExpiresAt ?? DateTimeOffset.MaxValue) < (b.ExpiresAt ?? DateTimeOffset.MaxValue) ? a : b;
        return a.CreatedAt >= b.CreatedAt ? a : b;
    }
}
