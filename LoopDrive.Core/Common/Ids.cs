using System.Security.Cryptography;

namespace LoopDrive.Core.Common;

/// <summary>
/// Prefixed ids (<c>per_…</c>): the prefix says what an id names, the tail is 48 bits of
/// milliseconds followed by 80 random bits in Crockford base32, so ids sort by creation time
/// (b-tree friendly) and never collide in practice.
/// </summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New(string prefix, TimeProvider? clock = null)
    {
        var ms = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xff);
            ms >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);
        return string.Create(prefix.Length + 1 + 26, (prefix, bytes.ToArray()), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            span[state.prefix.Length] = '_';
            Encode(state.Item2, span[(state.prefix.Length + 1)..]);
        });
    }

    /// <summary>True when <paramref name="id"/> has the given prefix and a well-formed tail.</summary>
    public static bool HasPrefix(string? id, string prefix) =>
        id is not null
        && id.Length == prefix.Length + 27
        && id.StartsWith(prefix, StringComparison.Ordinal)
        && id[prefix.Length] == '_';

    private static void Encode(byte[] bytes, Span<char> output)
    {
        // 128 bits → 26 base32 characters (the first carries 3 bits).
        var hi = ((ulong)bytes[0] << 56) | ((ulong)bytes[1] << 48) | ((ulong)bytes[2] << 40) | ((ulong)bytes[3] << 32)
               | ((ulong)bytes[4] << 24) | ((ulong)bytes[5] << 16) | ((ulong)bytes[6] << 8) | bytes[7];
        var lo = ((ulong)bytes[8] << 56) | ((ulong)bytes[9] << 48) | ((ulong)bytes[10] << 40) | ((ulong)bytes[11] << 32)
               | ((ulong)bytes[12] << 24) | ((ulong)bytes[13] << 16) | ((ulong)bytes[14] << 8) | bytes[15];
        for (var i = 25; i >= 0; i--)
        {
            output[i] = Alphabet[(int)(lo & 31)];
            lo = (lo >> 5) | ((hi & 31) << 59);
            hi >>= 5;
        }
    }
}
