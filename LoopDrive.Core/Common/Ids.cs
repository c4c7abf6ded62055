using System.Buffers.Binary;
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

    /// <summary>Random bytes for the next ids of this thread: one system call per 128 ids instead of one per id.</summary>
    [ThreadStatic] private static byte[]? t_random;
    [ThreadStatic] private static int t_taken;
    private const int RandomBytes = 10;
    private const int BufferedIds = 128;

    public static string New(string prefix, TimeProvider? clock = null)
    {
        var ms = (ulong)(clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        var random = TakeRandom();
        // 48 bits of milliseconds, then the 80 random bits: hi holds the time and the first 16 of them.
        var hi = (ms << 16) | ((ulong)random[0] << 8) | random[1];
        var lo = BinaryPrimitives.ReadUInt64BigEndian(random[2..]);
        return string.Create(prefix.Length + 1 + 26, (prefix, hi, lo), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            span[state.prefix.Length] = '_';
            Encode(state.hi, state.lo, span[(state.prefix.Length + 1)..]);
        });
    }

    /// <summary>
    /// The next unused random bytes of this thread's buffer, refilled from the operating system's
    /// generator when spent, so ids stay unpredictable: every byte comes from the cryptographic
    /// generator and is handed out once.
    /// </summary>
    private static ReadOnlySpan<byte> TakeRandom()
    {
        var buffer = t_random ??= new byte[RandomBytes * BufferedIds];
        if (t_taken == 0 || t_taken + RandomBytes > buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            t_taken = 0;
        }
        var taken = buffer.AsSpan(t_taken, RandomBytes);
        t_taken += RandomBytes;
        return taken;
    }

    /// <summary>True when <paramref name="id"/> has the given prefix and a well-formed tail.</summary>
    public static bool HasPrefix(string? id, string prefix) =>
        id is not null
        && id.Length == prefix.Length + 27
        && id.StartsWith(prefix, StringComparison.Ordinal)
        && id[prefix.Length] == '_';

    private static void Encode(ulong hi, ulong lo, Span<char> output)
    {
        // 128 bits → 26 base32 characters (the first carries 3 bits).
        for (var i = 25; i >= 0; i--)
        {
            output[i] = Alphabet[(int)(lo & 31)];
            lo = (lo >> 5) | ((hi & 31) << 59);
            hi >>= 5;
        }
    }
}
