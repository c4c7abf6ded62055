using System.Buffers;
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
        // "METHOD path\n", the path as it is written in a URI (PathString's own text), encoded in
        // place: no string is built for a line hashed on every single event.
        var method = request.Method;
        var path = request.Path.ToUriComponent();
        var length = Encoding.UTF8.GetMaxByteCount(method.Length + path.Length + 2);
        var rented = length > 256 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> line = rented ?? stackalloc byte[256];
        var at = Encoding.UTF8.GetBytes(method, line);
        line[at++] = (byte)' ';
        at += Encoding.UTF8.GetBytes(path, line[at..]);
        line[at++] = (byte)'\n';
        sha.AppendData(line[..at]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return sha;
    }

    public static byte[] Of(HttpRequest request, ReadOnlySpan<byte> body)
    {
        using var sha = Begin(request);
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }
}
