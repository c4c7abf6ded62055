using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>Moves a person's rows of one table to another person in one statement (merge moves them, undo moves them back).</summary>
internal static class PersonRows
{
    /// <param name="ids">Only these rows, or every row of <paramref name="fromId"/> when null.</param>
    public static Task<int> MoveAsync<T>(DbSet<T> set, string fromId, string toId, IReadOnlyList<string>? ids, CancellationToken cancellationToken)
        where T : class
    {
        var rows = set.Where(x => EF.Property<string>(x, "PersonId") == fromId);
        if (ids is not null)
        {
            if (ids.Count == 0) return Task.FromResult(0);
            rows = rows.Where(x => ids.Contains(EF.Property<string>(x, "Id")));
        }
        return rows.ExecuteUpdateAsync(u => u.SetProperty(x => EF.Property<string>(x, "PersonId"), toId), cancellationToken);
    }
}
