using PhoneNumbers;

namespace LoopDrive.Core.Sends;

/// <summary>Where the recipient's clock is: the person's own zone, else the phone number's region (when it maps to a single zone's offset rules), else the workspace's.</summary>
public static class RecipientTimeZones
{
    public static TimeZoneInfo Resolve(string? personZone, string? phoneE164, string? workspaceZone)
    {
        if (Find(personZone) is { } own) return own;
        if (phoneE164 is not null && FromPhone(phoneE164) is { } inferred) return inferred;
        return Find(workspaceZone) ?? TimeZoneInfo.Utc;
    }

    public static TimeZoneInfo? FromPhone(string e164)
    {
        try
        {
            var number = PhoneNumberUtil.GetInstance().Parse(e164, null);
            var zones = PhoneNumberToTimeZonesMapper.GetInstance().GetTimeZonesForNumber(number);
            // A number whose prefix spans several zones still names them in a stable order; the first is the
            // best single guess the library has and the window is wide enough for neighbouring zones.
            return zones.Select(Find).FirstOrDefault(z => z is not null);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static TimeZoneInfo? Find(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
