using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>Looks a person up by id, following merge tombstones to the survivor (GET on a merged id answers the target).</summary>
public sealed class FindPerson(LoopDriveDbContext db)
{
    public async Task<Person?> HandleAsync(string id, CancellationToken cancellationToken, bool track = false)
    {
        var query = track ? db.Persons : db.Persons.AsNoTracking();
        var person = await query.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        // Merges can chain (a into b, b into c); each hop is one indexed lookup and chains are short.
        for (var hops = 0; person?.MergedIntoId is { } next && hops < 32; hops++)
            person = await query.FirstOrDefaultAsync(p => p.Id == next, cancellationToken);
        return person;
    }
}
