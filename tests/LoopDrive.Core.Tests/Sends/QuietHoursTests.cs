using LoopDrive.Core.Sends;

namespace LoopDrive.Core.Tests.Sends;

public sealed class QuietHoursTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    // Inside the 08:00–21:00 window: no deferral.
    [InlineData("America/New_York", "2026-07-01T16:00:00Z", null)]                  // 12:00 EDT
    [InlineData("America/New_York", "2026-07-01T12:00:00Z", null)]                  // 08:00 EDT, the window's first minute
    // 20:59 local is inside, 21:00 is outside → the next morning at 08:00 local.
    [InlineData("America/New_York", "2026-07-02T00:59:00Z", null)]
    [InlineData("America/New_York", "2026-07-02T01:00:00Z", "2026-07-02T12:00:00Z")]
    // 07:59 local → 08:00 the same day.
    [InlineData("America/New_York", "2026-07-01T11:59:00Z", "2026-07-01T12:00:00Z")]
    // Spring forward (2026-03-08): 03:00 local the night of the change → 08:00 EDT = 12:00Z, not 13:00Z.
    [InlineData("America/New_York", "2026-03-08T07:00:00Z", "2026-03-08T12:00:00Z")]
    // Evening before spring forward: 22:00 EST → 08:00 EDT next day.
    [InlineData("America/New_York", "2026-03-08T03:00:00Z", "2026-03-08T12:00:00Z")]
    // Fall back (2026-11-01): 01:30 local happens twice; 08:00 that morning is EST = 13:00Z.
    [InlineData("America/New_York", "2026-11-01T05:30:00Z", "2026-11-01T13:00:00Z")]
    [InlineData("America/New_York", "2026-11-01T06:30:00Z", "2026-11-01T13:00:00Z")]
    // Europe changes on another date (2026-03-29): 07:00 CET on the day → 08:00 CEST = 06:00Z.
    [InlineData("Europe/Berlin", "2026-03-29T00:30:00Z", "2026-03-29T06:00:00Z")]
    // Southern hemisphere and a half-hour zone.
    [InlineData("Australia/Sydney", "2026-07-01T12:00:00Z", "2026-07-01T22:00:00Z")] // 22:00 AEST → 08:00 next day
    [InlineData("Asia/Kolkata", "2026-07-01T02:00:00Z", "2026-07-01T02:30:00Z")]     // 07:30 IST → 08:00 IST
    [InlineData("UTC", "2026-07-01T23:30:00Z", "2026-07-02T08:00:00Z")]
    public void The_window_opens_at_local_eight_on_the_right_instant(string zone, string at, string? expected)
    {
        var next = QuietHours.NextOpening(DateTimeOffset.Parse(at), Zone(zone), 8, 21);
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected), next);
    }

    [Fact]
    public void A_window_opening_inside_the_spring_forward_gap_moves_to_the_first_real_minute()
    {
        // 02:30 does not exist in New York on 2026-03-08; the window opens at 03:00 EDT = 07:00Z.
        var next = QuietHours.NextOpening(DateTimeOffset.Parse("2026-03-08T06:00:00Z"), Zone("America/New_York"), 2, 21);
        Assert.Equal(DateTimeOffset.Parse("2026-03-08T07:00:00Z"), next);
        var localOpening = TimeZoneInfo.ConvertTime(next!.Value, Zone("America/New_York"));
        Assert.Equal(3, localOpening.Hour);
    }

    [Fact]
    public void A_window_across_midnight_is_supported_and_equal_edges_mean_always_open()
    {
        var utc = TimeZoneInfo.Utc;
        Assert.Null(QuietHours.NextOpening(DateTimeOffset.Parse("2026-07-01T23:00:00Z"), utc, 22, 6));
        Assert.Equal(DateTimeOffset.Parse("2026-07-01T22:00:00Z"), QuietHours.NextOpening(DateTimeOffset.Parse("2026-07-01T12:00:00Z"), utc, 22, 6));
        Assert.Null(QuietHours.NextOpening(DateTimeOffset.Parse("2026-07-01T03:00:00Z"), utc, 0, 0));
    }

    [Fact]
    public void The_recipient_zone_comes_from_the_person_then_the_phone_region_then_the_workspace()
    {
        Assert.Equal("Europe/Paris", RecipientTimeZones.Resolve("Europe/Paris", "+442071838750", "UTC").Id);
        Assert.Equal("Europe/London", RecipientTimeZones.Resolve(null, "+442071838750", "UTC").Id);
        Assert.Equal("Asia/Tokyo", RecipientTimeZones.Resolve(null, null, "Asia/Tokyo").Id);
        Assert.Equal("UTC", RecipientTimeZones.Resolve("Not/AZone", null, null).Id);
    }
}
