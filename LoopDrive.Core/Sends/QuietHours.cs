namespace LoopDrive.Core.Sends;

/// <summary>
/// The sending window in the recipient's local time. Local clock times are mapped back to UTC
/// through the zone's rules, so a window edge on a DST change day lands on the right instant; a
/// start time that does not exist that day (inside the spring-forward gap) moves to the first
/// local minute that does.
/// </summary>
public static class QuietHours
{
    /// <returns>Null when <paramref name="at"/> is inside the window; otherwise the next instant the window opens.</returns>
    public static DateTimeOffset? NextOpening(DateTimeOffset at, TimeZoneInfo zone, int windowStartHour, int windowEndHour)
    {
        if (windowStartHour == windowEndHour) return null;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var hour = local.TimeOfDay;
        var start = TimeSpan.FromHours(windowStartHour);
        var end = TimeSpan.FromHours(windowEndHour);
        var inside = start < end ? hour >= start && hour < end : hour >= start || hour < end;
        if (inside) return null;

        // Before today's opening → today; after it (evening) → tomorrow.
        var day = local.Date;
        if (hour >= start) day = day.AddDays(1);
        return ToUtc(day + start, zone);
    }

    /// <summary>The UTC instant of a local wall-clock time: the earlier offset when it is ambiguous, the gap's end when it does not exist.</summary>
    public static DateTimeOffset ToUtc(DateTime localWallClock, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(localWallClock, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall))
            wall = wall.AddMinutes(1);
        if (zone.IsAmbiguousTime(wall))
        {
            // The first occurrence uses the larger (summer) offset.
            var offset = zone.GetAmbiguousTimeOffsets(wall).Max();
            return new DateTimeOffset(wall, offset).ToUniversalTime();
        }
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }
}
