using System.Security.Cryptography;
using System.Text;

namespace LoopDrive.Core.Platform;

/// <summary>
/// API key secrets: <c>ld_</c> + 48 hex characters (192 random bits). Stored only as SHA-256 —
/// a fast hash is right here because the secret is random, not a password a person chose.
/// </summary>
public static class ApiKeySecrets
{
    public const string KeyPrefix = "ld_";
    private const int DisplayLength = 11;

    public static string Generate() => KeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static bool LooksValid(string? key) =>
        key is { Length: 51 } && key.StartsWith(KeyPrefix, StringComparison.Ordinal) && key.AsSpan(3).ContainsAnyExcept("0123456789abcdef") is false;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The part shown in lists, enough to recognise a key and useless to call with.</summary>
    public static string Display(string key) => key[..DisplayLength];
}
