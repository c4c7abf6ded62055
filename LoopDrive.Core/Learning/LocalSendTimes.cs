using LoopDrive.Core.Sends;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Send times in the recipient's own clock. People answer at 19:00 where they live, so the loop
/// learns hour-of-week cells in local time (0 = Monday 00:00 local) and a chosen local hour is
/// mapped back to a UTC instant through the zone's rules, so a DST change moves the instant, not
/// the hour the person sees.
/// </summary>
public static class LocalSendTimes
{
    /// <summary>The local hour of week of a UTC instant in <paramref name="zone"/>.</summary>
    public static int HourOfWeek(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var day = ((int)local.DayOfWeek + 6) % 7;
        return day * 24 + local.Hour;
    }

    /// <summary>
    /// The local hours a send may start in, from the current one up to <paramref name="horizon"/>
    /// ahead, with the UTC instant each starts at (the current hour starts now). Hours that do not
    /// exist locally (the spring-forward gap) are left out; an hour that occurs twice (fall back)
    /// is offered once, at its first occurrence.
    /// </summary>
    public static IEnumerable<(DateTimeOffset At, int HourOfWeek)> Candidates(DateTimeOffset now, TimeZoneInfo zone, TimeSpan horizon)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var hourStart = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified);
        yield return (now, HourOfWeek(now, zone));
        var end = now + horizon;
        for (var i = 1; i <= (int)Math.Ceiling(horizon.TotalHours) + 1; i++)
        {
            var wall = hourStart.AddHours(i);
            if (zone.IsInvalidTime(wall)) continue;
            var at = QuietHours.ToUtc(wall, zone);
            if (at > end) yield break;
            if (at <= now) continue;
            var day = ((int)wall.DayOfWeek + 6) % 7;
            yield return (at, day * 24 + wall.Hour);
        }
    }

    /// <summary>
    /// Thompson sampling over the candidate hours inside the sending window: each hour's rate is a
    /// Beta with as much evidence as stands behind it, one draw each, the highest wins. When no
    /// candidate is inside the window, the window's next opening.
    /// </summary>
    public static (DateTimeOffset At, int HourOfWeek) Choose(DateTimeOffset now, TimeZoneInfo zone, TimeSpan horizon, int windowOpensHour, int windowClosesHour,
        ReadOnlySpan<double> rates, ReadOnlySpan<double> personTrials, ReadOnlySpan<double> populationTrials, Random random)
    {
        (DateTimeOffset At, int HourOfWeek)? best = null;
        var bestDraw = double.NegativeInfinity;
        foreach (var candidate in Candidates(now, zone, horizon))
        {
            if (QuietHours.NextOpening(candidate.At, zone, windowOpensHour, windowClosesHour) is not null) continue;
            var draw = SendTimeEstimator.Draw(candidate.HourOfWeek, rates, personTrials, populationTrials, random);
            if (draw > bestDraw)
            {
                bestDraw = draw;
                best = candidate;
            }
        }
        if (best is { } chosen) return chosen;
        var opening = QuietHours.NextOpening(now, zone, windowOpensHour, windowClosesHour) ?? now;
        return (opening, HourOfWeek(opening, zone));
    }
}
