using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.Core.Data;

/// <summary>
/// Upserts and first-time inserts race; the unique index lets one writer win and the others retry,
/// finding the winner's row on their next read.
/// </summary>
public static class UniqueViolations
{
    public static bool Is(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static async Task<T> RetryAsync<T>(LoopDriveDbContext db, Func<Task<T>> action, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (DbUpdateException e) when (Is(e) && attempt < attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
