using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>
/// Finds people by name, email, phone or handle: exact and prefix matches first, then fuzzy
/// (trigram similarity). Served by the trigram GIN indexes on names and identity values.
/// </summary>
public sealed class SearchPersons(LoopDriveDbContext db)
{
    public sealed record Hit(string PersonId, double Score);

    public async Task<(IReadOnlyList<Person> Persons, int Total)> HandleAsync(string workspaceId, string query, int limit, CancellationToken cancellationToken)
    {
        var q = query.Trim().TrimStart('@').ToLowerInvariant();
        var escaped = q.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        var prefix = escaped + "%";
        var contains = "%" + escaped + "%";
        // Phone searches are typed with spaces and dashes; identities hold E.164.
        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        var phone = digits.Length >= 4 ? "%" + digits + "%" : "\u0001";

        var hits = await db.Database.SqlQuery<Hit>($"""
            WITH matches AS (
                SELECT p.id AS person_id,
                       CASE WHEN lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) LIKE {prefix} THEN 1.5
                            ELSE similarity(lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), {q}) END AS score
                FROM persons p
                WHERE p.workspace_id = {workspaceId} AND p.merged_into_id IS NULL AND p.erased_at IS NULL
                  AND (lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) LIKE {contains}
                       OR lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) % {q})
                UNION ALL
                SELECT i.person_id,
                       CASE WHEN i.value = {q} THEN 2.0 WHEN i.value LIKE {prefix} THEN 1.5 ELSE similarity(i.value, {q}) END
                FROM identities i
                WHERE i.workspace_id = {workspaceId} AND (i.value LIKE {contains} OR i.value % {q} OR i.value LIKE {phone})
            )
            SELECT person_id, max(score)::float8 AS score
            FROM matches GROUP BY person_id
            ORDER BY max(score) DESC, person_id
            LIMIT 1000
            """).ToListAsync(cancellationToken);

        var page = hits.Take(limit).ToList();
        var ids = page.Select(h => h.PersonId).ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return ([.. page.Where(h => persons.ContainsKey(h.PersonId)).Select(h => persons[h.PersonId])], hits.Count);
    }
}
