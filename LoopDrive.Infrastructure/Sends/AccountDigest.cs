using System.Security.Cryptography;
using System.Text;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>A short, stable name for a provider account known only by a secret (an API key or token), fit for a Redis key.</summary>
internal static class AccountDigest
{
    public static string Of(string? secret) =>
        secret is { Length: > 0 } s ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..16] : "default";
}
