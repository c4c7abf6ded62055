using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace LoopDrive.Core.Events;

/// <summary>An opaque keyset position: the (ts, id) of the last event of a page.</summary>
public static class EventCursor
{
    public static string Encode(DateTimeOffset ts, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(ts.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + id));

    public static (DateTimeOffset Ts, string Id)? Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || bar == text.Length - 1)
                return null;
            return (new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..]);
        }
        catch (FormatException)
        {
            // Not base64url: the caller made it up or mangled it, which the API reports as a 400.
            return null;
        }
    }
}
