using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Each person's clock for send-time learning, read once per batch: their own zone, else their
/// phone's region, else the workspace's (<see cref="RecipientTimeZones"/>, the rule the gate uses).
/// </summary>
public static class PersonZones
{
    public static async Task<Dictionary<string, TimeZoneInfo>> LoadAsync(LoopDriveDbContext db, string workspaceId, IReadOnlyCollection<string> personIds,
        CancellationToken cancellationToken)
    {
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        if (personIds.Count == 0) return zones;
        var workspaceZone = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Timezone).FirstOrDefaultAsync(cancellationToken);
        var own = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => new { p.Id, p.Timezone })
            .ToDictionaryAsync(p => p.Id, p => p.Timezone, StringComparer.Ordinal, cancellationToken);
        // Only people without a zone of their own need a phone looked up.
        var needPhone = own.Where(p => p.Value is null).Select(p => p.Key).ToList();
        var phones = needPhone.Count == 0 ? [] : (await db.Identities.AsNoTracking()
                .Where(i => needPhone.Contains(i.PersonId) && (i.Type == IdentityTypes.Phone || i.Type == IdentityTypes.WhatsApp))
                .Select(i => new { i.PersonId, i.Type, i.Value }).ToListAsync(cancellationToken))
            .GroupBy(i => i.PersonId).ToDictionary(g => g.Key, g => g.OrderBy(i => i.Type == IdentityTypes.Phone ? 0 : 1).First().Value, StringComparer.Ordinal);
        foreach (var id in personIds)
            zones[id] = RecipientTimeZones.Resolve(own.GetValueOrDefault(id), phones.GetValueOrDefault(id), workspaceZone);
        return zones;
    }
}
