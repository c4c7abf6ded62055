using System.Security.Cryptography;
using System.Text;

namespace LoopDrive.Core.Sends.Webhooks;

/// <summary>
/// The providers' webhook signature schemes, computed over the exact bytes received. The sandbox
/// signs with the same functions the routes verify with, so both take one path. Comparisons are
/// constant-time.
/// </summary>
public static class WebhookSignatures
{
    /// <summary>SendGrid signed event webhook: ECDSA P-256 over SHA-256 of timestamp + body, base64 DER signature.</summary>
    public static bool VerifySendGrid(ECDsa publicKey, string timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(signature)) return false;
        byte[] der;
        try
        {
            der = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            // Not base64: it cannot be a signature.
            return false;
        }
        return publicKey.VerifyData(SendGridSigned(timestamp, body), der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public static string SignSendGrid(ECDsa privateKey, string timestamp, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(privateKey.SignData(SendGridSigned(timestamp, body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private static byte[] SendGridSigned(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return signed;
    }

    /// <summary>Twilio: base64 HMAC-SHA1 (auth token) of the full public URL followed by every POST parameter's name and value, sorted by name.</summary>
    public static string Twilio(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            text.Append(name).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Meta (Instagram, WhatsApp): <c>sha256=</c> + lower-case hex HMAC-SHA256 of the raw body with the app secret.</summary>
    public static string Meta(string appSecret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    /// <summary>X account activity: <c>sha256=</c> + base64 HMAC-SHA256 of the raw body (or the CRC token) with the consumer secret.</summary>
    public static string X(string consumerSecret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(consumerSecret), body));

    public static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
