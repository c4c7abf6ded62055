using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoopDrive.Core.People;

/// <summary>
/// Finds the person behind a set of identities, or creates them. Identities that point at
/// different people are never merged here: the strongest match is answered with confidence
/// below 1 and the others are offered as merge suggestions.
/// </summary>
public sealed class ResolvePerson(IServiceProvider services, NpgsqlDataSource dataSource, WorkspacePolicies policies, TimeProvider clock)
{
    // Taken from the scope only when a resolve writes or runs inside a unit of work: most resolves
    // find a known person, and building a context they never use cost more than their query.
    private LoopDriveDbContext? _db;

    private LoopDriveDbContext Db => _db ??= services.GetRequiredService<LoopDriveDbContext>();

    public sealed record Candidate(Person Person, IReadOnlyList<string> MatchedOn, double Score);

    public sealed record Result(
        Person Person,
        IReadOnlyList<Identity> Identities,
        IReadOnlyList<string> MatchedOn,
        double Confidence,
        IReadOnlyList<Candidate> Suggestions,
        bool Created)
    {
        /// <summary>The latest change to any person or identity in the answer: a write within a window shows here.</summary>
        public DateTimeOffset LastChangedAt
        {
            get
            {
                var last = Person.UpdatedAt;
                foreach (var identity in Identities)
                    if (identity.UpdatedAt > last) last = identity.UpdatedAt;
                foreach (var suggestion in Suggestions)
                    if (suggestion.Person.UpdatedAt > last) last = suggestion.Person.UpdatedAt;
                return last;
            }
        }
    }

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
        // Two first resolves of the same new identity race to insert it; the unique index lets
        // exactly one win and the loser's retry finds the winner's person.
        UniqueViolations.RetryAsync(Db, async () =>
        {
            var rows = await IdentityMatches.FindAsync(Db, workspaceId, identities, cancellationToken);
            return await ResolveOnceAsync(workspaceId, identities, firstName, lastName, rows, cancellationToken);
        });

    /// <summary>
    /// For a caller holding no transaction (an API request): the match is read on a pooled
    /// connection of its own, so a resolve that finds its person never starts EF.
    /// </summary>
    public async Task<Result> HandleWithoutTransactionAsync(string workspaceId, IReadOnlyList<NormalizedIdentity> identities,
        string? firstName, string? lastName, CancellationToken cancellationToken)
    {
        var rows = await IdentityMatches.FindAsync(dataSource, workspaceId, identities, cancellationToken);
        if (AnswerWithoutWriting(identities, firstName, lastName, rows) is { } answer)
            return answer;
        var attempt = 0;
        return await UniqueViolations.RetryAsync(Db, async () =>
        {
            // The first attempt decides from the read above; a retry after a lost insert race reads again.
            if (attempt++ > 0) rows = await IdentityMatches.FindAsync(dataSource, workspaceId, identities, cancellationToken);
            return await ResolveOnceAsync(workspaceId, identities, firstName, lastName, rows, cancellationToken);
        });
    }

    /// <summary>
    /// The answer from one read, when the resolve has nothing to write: every identity given is
    /// already known and there is no new identity or missing name to add. Null when it must write.
    /// </summary>
    public async Task<Result?> TryWithoutWritingAsync(string workspaceId, IReadOnlyList<NormalizedIdentity> identities,
        string? firstName, string? lastName, CancellationToken cancellationToken) =>
        AnswerWithoutWriting(identities, firstName, lastName,
            await IdentityMatches.FindAsync(dataSource, workspaceId, identities, cancellationToken));

    private static Result? AnswerWithoutWriting(IReadOnlyList<NormalizedIdentity> given, string? firstName, string? lastName,
        List<IdentityMatches.Row> rows)
    {
        if (rows.Count == 0) return null;
        var person = rows[0].Person;
        foreach (var row in rows)
        {
            // Identities on several persons: the conflict answer writes nothing.
            if (!ReferenceEquals(row.Person, person)) return Decide(given, firstName, lastName, rows).Answer;
        }
        // The common case, one person: answered by the same rules as Decide, without its grouping.
        if ((person.FirstName is null && firstName is not null) || (person.LastName is null && lastName is not null)) return null;
        var matched = 0;
        var matchedOn = new List<string>(given.Count);
        var wrong = 1.0;
        var identities = new List<Identity>(rows.Count);
        foreach (var row in rows)
        {
            var identity = row.Identity;
            identities.Add(identity);
            if (!IsGiven(given, identity)) continue;
            matched++;
            if (!matchedOn.Contains(identity.Type)) matchedOn.Add(identity.Type);
            wrong = StillWrong(wrong, IdentityTypes.MatchConfidence(identity.Type, identity.Verified));
        }
        // Identities are unique per (type, value), so one match per given identity means none is new.
        if (matched < given.Count) return null;
        identities.Sort(static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : string.CompareOrdinal(a.Id, b.Id));
        return new Result(person, identities, matchedOn, Certainty(wrong), [], Created: false);
    }

    private static bool IsGiven(IReadOnlyList<NormalizedIdentity> given, Identity identity)
    {
        foreach (var g in given)
        {
            if (g.Type == identity.Type && g.Value == identity.Value) return true;
        }
        return false;
    }

    /// <summary>What the rows say: an answer that needs no write, or the best person and what to add to them.</summary>
    private static Decision Decide(IReadOnlyList<NormalizedIdentity> given, string? firstName, string? lastName, List<IdentityMatches.Row> rows)
    {
        var found = rows.Select(r => r.Identity).Where(i => given.Any(g => g.Type == i.Type && g.Value == i.Value)).ToList();
        if (found.Count == 0) return new Decision(null, null, [], []);

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
            return new Decision(new Result(bestPerson, identitiesOf[best.PersonId], best.MatchedOn, Math.Min(confidence, 0.99), suggestions, Created: false),
                bestPerson, [], []);
        }

        var all = identitiesOf[bestPerson.Id];
        var missing = given.Where(g => !found.Any(f => f.Type == g.Type && f.Value == g.Value)).ToList();
        var answer = new Result(bestPerson, all, best.MatchedOn, best.Score, [], Created: false);
        if (missing.Count > 0 || (bestPerson.FirstName is null && firstName is not null) || (bestPerson.LastName is null && lastName is not null))
            return new Decision(null, bestPerson, all, missing) { Matched = answer };
        return new Decision(answer, bestPerson, all, []);
    }

    /// <param name="Answer">Set when nothing is to be written.</param>
    /// <param name="Best">The person to add to (null: nobody matched, create one).</param>
    private sealed record Decision(Result? Answer, Person? Best, List<Identity> Identities, List<NormalizedIdentity> Missing)
    {
        /// <summary>The answer before the additions: its person is updated and its identities extended by the write.</summary>
        public Result? Matched { get; init; }
    }

    private async Task<Result> ResolveOnceAsync(string workspaceId, IReadOnlyList<NormalizedIdentity> given,
        string? firstName, string? lastName, List<IdentityMatches.Row> rows, CancellationToken cancellationToken)
    {
        var db = Db;
        var now = clock.GetUtcNow();
        var decision = Decide(given, firstName, lastName, rows);
        if (decision.Answer is { } answer) return answer;

        if (decision.Best is not { } bestPerson)
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

        // Tracked from here, so only what changes is written.
        db.Persons.Attach(bestPerson);
        var all = decision.Identities;
        var added = decision.Missing.Select(m => NewIdentity(workspaceId, bestPerson.Id, m, isPrimary: !all.Any(i => i.Type == m.Type), now)).ToList();
        db.Identities.AddRange(added);
        bestPerson.FirstName ??= firstName;
        bestPerson.LastName ??= lastName;
        bestPerson.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return decision.Matched! with { Identities = [.. all, .. added] };
    }

    /// <summary>Independent pieces of evidence: the chance that all of them are wrong shrinks with each one.</summary>
    private static double Combine(IEnumerable<double> confidences) => Certainty(confidences.Aggregate(1.0, StillWrong));

    /// <summary>The chance every piece so far is wrong, after one more piece with this confidence.</summary>
    private static double StillWrong(double wrong, double confidence) => wrong * (1 - confidence);

    private static double Certainty(double wrong) => Math.Round(1 - wrong, 4);

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
