using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.Core.People;

/// <summary>
/// Finds the person behind a set of identities, or creates them. Identities that point at
/// different people are never merged here: the strongest match is answered with confidence
/// below 1 and the others are offered as merge suggestions.
/// </summary>
public sealed class ResolvePerson(LoopDriveDbContext db, NpgsqlDataSource dataSource, WorkspacePolicies policies, TimeProvider clock)
{
    public sealed record Candidate(Person Person, IReadOnlyList<string> MatchedOn, double Score);

    public sealed record Result(
        Person Person,
        IReadOnlyList<Identity> Identities,
        IReadOnlyList<string> MatchedOn,
        double Confidence,
        IReadOnlyList<Candidate> Suggestions,
        bool Created);

    public sealed record Request(IReadOnlyList<(string Type, string Raw, string Field)> Identities, string? FirstName, string? LastName);

    /// <summary>Normalizes the request's identities; field errors name the request field that was wrong.</summary>
    public async Task<(IReadOnlyList<NormalizedIdentity> Identities, Dictionary<string, string[]> Errors)> NormalizeAsync(
        string workspaceId, Request request, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(workspaceId, cancellationToken);
        var options = new NormalizationOptions(policy.DefaultRegion, policy.FoldEmailSubaddress);
        var errors = new Dictionary<string, string[]>();
        var normalized = new List<NormalizedIdentity>();
        foreach (var (type, raw, field) in request.Identities)
        {
            if (IdentityNormalizer.TryNormalize(type, raw, options, out var identity, out var error))
                normalized.Add(identity);
            else
                errors[field] = [error];
        }
        return (normalized.DistinctBy(i => (i.Type, i.Value)).ToList(), errors);
    }

    /// <summary>Inside a unit of work that may hold a transaction (event intake): reads see what it wrote.</summary>
    public Task<Result> HandleAsync(string workspaceId, IReadOnlyList<NormalizedIdentity> identities,
        string? firstName, string? lastName, CancellationToken cancellationToken) =>
        HandleAsync(workspaceId, identities, firstName, lastName, outsideTransaction: false, cancellationToken);

    /// <summary>
    /// For a caller holding no transaction (an API request): the match is read on a pooled
    /// connection of its own, so a resolve that finds its person never starts EF's per-context services.
    /// </summary>
    public Task<Result> HandleWithoutTransactionAsync(string workspaceId, IReadOnlyList<NormalizedIdentity> identities,
        string? firstName, string? lastName, CancellationToken cancellationToken) =>
        HandleAsync(workspaceId, identities, firstName, lastName, outsideTransaction: true, cancellationToken);

    private async Task<Result> HandleAsync(string workspaceId, IReadOnlyList<NormalizedIdentity> identities,
        string? firstName, string? lastName, bool outsideTransaction, CancellationToken cancellationToken)
    {
        // Two first resolves of the same new identity race to insert it; the unique index lets
        // exactly one win and the loser's retry finds the winner's person.
        return await UniqueViolations.RetryAsync(db, () => ResolveOnceAsync(workspaceId, identities, firstName, lastName, outsideTransaction, cancellationToken));
    }

    private async Task<Result> ResolveOnceAsync(string workspaceId, IReadOnlyList<NormalizedIdentity> given,
        string? firstName, string? lastName, bool outsideTransaction, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = outsideTransaction
            ? await IdentityMatches.FindAsync(dataSource, workspaceId, given, cancellationToken)
            : await IdentityMatches.FindAsync(db, workspaceId, given, cancellationToken);
        var found = rows.Select(r => r.Identity).Where(i => given.Any(g => g.Type == i.Type && g.Value == i.Value)).ToList();

        if (found.Count == 0)
        {
            var person = new Person
            {
                Id = Ids.New(IdPrefixes.Person, clock),
                WorkspaceId = workspaceId,
                FirstName = firstName,
                LastName = lastName,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Persons.Add(person);
            var created = given.Select(g => NewIdentity(workspaceId, person.Id, g, isPrimary: given.First(x => x.Type == g.Type) == g, now)).ToList();
            db.Identities.AddRange(created);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(person, created, [], 1.0, [], Created: true);
        }

        var persons = rows.Select(r => r.Person).DistinctBy(p => p.Id).ToDictionary(p => p.Id);
        var identitiesOf = rows.GroupBy(r => r.Identity.PersonId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Identity).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList());
        var candidates = found.GroupBy(i => i.PersonId)
            .Select(g => (PersonId: g.Key, MatchedOn: g.Select(i => i.Type).Distinct().ToList(),
                Score: Combine(g.Select(i => IdentityTypes.MatchConfidence(i.Type, i.Verified)))))
            .OrderByDescending(c => c.Score).ThenBy(c => c.PersonId, StringComparer.Ordinal)
            .ToList();
        var best = candidates[0];
        var bestPerson = persons[best.PersonId];

        if (candidates.Count > 1)
        {
            // Conflicting evidence: answer the strongest, scaled by how much of the evidence agrees.
            var confidence = Math.Round(best.Score * best.Score / candidates.Sum(c => c.Score), 4);
            var suggestions = candidates.Skip(1).Select(c => new Candidate(persons[c.PersonId], c.MatchedOn, c.Score)).ToList();
            return new Result(bestPerson, identitiesOf[best.PersonId], best.MatchedOn, Math.Min(confidence, 0.99), suggestions, Created: false);
        }

        var all = identitiesOf[bestPerson.Id];
        var missing = given.Where(g => !found.Any(f => f.Type == g.Type && f.Value == g.Value)).ToList();
        if (missing.Count > 0 || (bestPerson.FirstName is null && firstName is not null) || (bestPerson.LastName is null && lastName is not null))
        {
            // Tracked from here, so only what changes is written.
            db.Persons.Attach(bestPerson);
            var added = missing.Select(m => NewIdentity(workspaceId, bestPerson.Id, m, isPrimary: !all.Any(i => i.Type == m.Type), now)).ToList();
            db.Identities.AddRange(added);
            bestPerson.FirstName ??= firstName;
            bestPerson.LastName ??= lastName;
            bestPerson.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            all = [.. all, .. added];
        }
        return new Result(bestPerson, all, best.MatchedOn, best.Score, [], Created: false);
    }

    /// <summary>Independent pieces of evidence: the chance that all of them are wrong shrinks with each one.</summary>
    private static double Combine(IEnumerable<double> confidences) =>
        Math.Round(1 - confidences.Aggregate(1.0, (wrong, c) => wrong * (1 - c)), 4);

    public static Identity NewIdentity(string workspaceId, string personId, NormalizedIdentity identity, bool isPrimary, DateTimeOffset now) => new()
    {
        Id = Ids.New(IdPrefixes.Identity),
        WorkspaceId = workspaceId,
        PersonId = personId,
        Type = identity.Type,
        Value = identity.Value,
        IsPrimary = isPrimary,
        Metadata = identity.Original == identity.Value ? null
            : System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["original"] = identity.Original }),
        CreatedAt = now,
        UpdatedAt = now,
    };
}
