using System.Security.Cryptography;
using System.Text;

namespace LoopDrive.Api.Idempotency;

/// <summary>
/// SHA-256 of a request line and its body: what makes a key-less repeat of a ⟳ route (CONTRACT
/// §1.1) the same request. The idempotency filter hashes the buffered body; single event ingest
/// hashes the JSON it bound, as it claims its fingerprint in the event's own insert.
/// </summary>
internal static class RequestFingerprint
{
    /// <summary>A hash that holds the request line; the caller appends the body and takes the result.</summary>
    public static IncrementalHash Begin(HttpRequest request)
    {
        var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> line = stackalloc byte[256];
        var text = request.Method + " " + request.Path + "\n";
        if (Encoding.UTF8.GetByteCount(text) <= line.Length)
            sha.AppendData(line[..Encoding.UTF8.GetBytes(text, line)]);
        else
            sha.AppendData(Encoding.UTF8.GetBytes(text));
        return sha;
    }

    public static byte[] Of(HttpRequest request, ReadOnlySpan<byte> body)
    {
        using var sha = Begin(request);
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }
}
