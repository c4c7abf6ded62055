using System.Security.Cryptography;
using System.Text;
using LoopDrive.Core.Data;
using LoopDrive.Core.Sends.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The target of an email's <c>List-Unsubscribe</c> header (RFC 8058 one-click): a link signed per
/// send, so it cannot be guessed for another address. A POST suppresses the address at once; a GET
/// only shows what a POST would do, because mail scanners follow links.
/// </summary>
public sealed class UnsubscribeOneClick(LoopDriveDbContext db, ProviderKeys keys, TimeProvider clock)
{
    public const string Path = "/api/email/unsubscribe";

    public enum Result { Invalid, Unsubscribed, AlreadySuppressed }

    public static string Signature(ProviderKeys keys, string sendId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(keys.UnsubscribeSecret), Encoding.UTF8.GetBytes(sendId)))[..32];

    public static string Link(ProviderKeys keys, string publicBaseUrl, string sendId) =>
        $"{publicBaseUrl.TrimEnd('/')}{Path}?send={Uri.EscapeDataString(sendId)}&sig={Signature(keys, sendId)}";

    public bool IsGenuine(string? sendId, string? signature) =>
        sendId is { Length: > 0 } && WebhookSignatures.Matches(Signature(keys, sendId), signature);

    public async Task<Result> HandleAsync(string sendId, string signature, CancellationToken cancellationToken)
    {
        if (!IsGenuine(sendId, signature)) return Result.Invalid;
        var send = await db.Sends.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sendId, cancellationToken);
        if (send?.Recipient is not { } address) return Result.Invalid;
        var now = clock.GetUtcNow();
        if (!await Suppressions.AddOnceAsync(db, send, address, "unsubscribe", now, cancellationToken)) return Result.AlreadySuppressed;
        SendJournal.Add(db, send, "unsubscribed", "one_click", now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // A second click raced the first: the address is suppressed either way.
            return Result.AlreadySuppressed;
        }
        return Result.Unsubscribed;
    }
}
