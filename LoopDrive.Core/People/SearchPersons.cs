using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>
/// Finds people by name, email, phone or handle in tiers, best first: an identity equal to the
/// query; identity values, full names and last names starting with it (B-tree prefix indexes, read in
/// index order and stopped at <see cref="MaxMatches"/>); phone digits anywhere in a number. Only when
/// those fill less than the page does it look for typos: trigram word similarity over names and
/// identity values (GIN indexes), over a bounded set of candidates. Each tier is cheap on a million
/// people because none of them has to score every row that shares a few letters with the query.
/// </summary>
public sealed class SearchPersons(LoopDriveDbContext db)
{
    /// <summary>Matches counted at most; <c>total</c> says "this many or more" at this figure.</summary>
    public const int MaxMatches = 1000;
    /// <summary>Typo candidates scored at most per source (names, identities).</summary>
    private const int MaxFuzzyCandidates = 2000;

    public sealed record Hit(string PersonId, double Score);

    public async Task<(IReadOnlyList<Person> Persons, int Total)> HandleAsync(string workspaceId, string query, int limit, CancellationToken cancellationToken)
    {
        var q = query.Trim().TrimStart('@').ToLowerInvariant();
        var prefix = EscapeLike(q) + "%";
        // Phone searches are typed with spaces and dashes; identities hold E.164.
        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        var phone = digits.Length >= 4 ? "%" + digits + "%" : "";

        // Parameters are sent unprepared, so each LIKE is planned with its value and can use the prefix indexes.
        var hits = await db.Database.SqlQuery<Hit>($"""
            WITH hits AS (
                (SELECT person_id, 3.0::float8 AS score FROM identities
                 WHERE workspace_id = {workspaceId} AND value = {q} LIMIT {MaxMatches})
                UNION ALL
                (SELECT person_id, 2.0::float8 FROM identities
                 WHERE workspace_id = {workspaceId} AND value LIKE {prefix}
                 ORDER BY value USING ~<~ LIMIT {MaxMatches})
                UNION ALL
                (SELECT id, 2.0::float8 FROM persons
                 WHERE workspace_id = {workspaceId} AND merged_into_id IS NULL AND erased_at IS NULL
                   AND lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) LIKE {prefix}
                 ORDER BY lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) USING ~<~ LIMIT {MaxMatches})
                UNION ALL
                (SELECT id, 1.8::float8 FROM persons
                 WHERE workspace_id = {workspaceId} AND merged_into_id IS NULL AND erased_at IS NULL
                   AND last_name IS NOT NULL AND lower(last_name) LIKE {prefix}
                 ORDER BY lower(last_name) USING ~<~ LIMIT {MaxMatches})
                UNION ALL
                (SELECT person_id, 1.6::float8 FROM identities
                 WHERE workspace_id = {workspaceId} AND {phone} <> '' AND value LIKE {phone} LIMIT {MaxMatches})
            )
            SELECT person_id, max(score) AS score FROM hits
            GROUP BY person_id ORDER BY max(score) DESC, person_id LIMIT {MaxMatches}
            """).ToListAsync(cancellationToken);

        if (hits.Count < limit && q.Length >= 3)
        {
            var known = hits.Select(h => h.PersonId).ToHashSet(StringComparer.Ordinal);
            var fuzzy = await db.Database.SqlQuery<Hit>($"""
                WITH candidates AS (
                    (SELECT id AS person_id, word_similarity({q}, lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) AS score
                     FROM persons
                     WHERE workspace_id = {workspaceId} AND merged_into_id IS NULL AND erased_at IS NULL
                       AND {q} <% lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))
                     LIMIT {MaxFuzzyCandidates})
                    UNION ALL
                    (SELECT person_id, word_similarity({q}, value) FROM identities
                     WHERE workspace_id = {workspaceId} AND {q} <% value
                     LIMIT {MaxFuzzyCandidates})
                )
                SELECT person_id, max(score)::float8 AS score FROM candidates
                GROUP BY person_id ORDER BY max(score) DESC, person_id LIMIT {MaxMatches}
                """).ToListAsync(cancellationToken);
            hits.AddRange(fuzzy.Where(h => !known.Contains(h.PersonId)).Take(MaxMatches - hits.Count));
        }

        var page = hits.Take(limit).ToList();
        var ids = page.Select(h => h.PersonId).ToList();
        var persons = await db.Persons.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.MergedIntoId == null && p.ErasedAt == null)
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        return ([.. page.Where(h => persons.ContainsKey(h.PersonId)).Select(h => persons[h.PersonId])], hits.Count);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
