using System.Text.Json;
using LoopDrive.Core.Events;

namespace LoopDrive.Core.Tests.Events;

public sealed class EventRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 10, 12, 0, 0, TimeSpan.Zero);

    private static (NewEvent? Event, List<EventItemError> Errors) Read(string json) =>
        EventRules.Read(JsonDocument.Parse(json).RootElement, 3, "ws_1", Now, TimeProvider.System);

    [Theory]
    [InlineData("email.opened", true)]
    [InlineData("conversion.meeting.booked", true)]
    [InlineData("custom_app.thing_done", true)]
    [InlineData("opened", false)]
    [InlineData("Email.opened", false)]
    [InlineData("email..opened", false)]
    [InlineData("email.opened.", false)]
    [InlineData("email opened", false)]
    [InlineData("", false)]
    public void Types_must_be_lower_case_and_dotted(string type, bool valid) => Assert.Equal(valid, EventRules.IsValidType(type));

    [Fact]
    public void A_minimal_event_gets_defaults()
    {
        var (e, errors) = Read("""{"type":"email.sent"}""");

        Assert.Empty(errors);
        Assert.Equal("api", e!.Source);
        Assert.Equal("{}", e.Payload);
        Assert.Equal(Now, e.Ts);
        Assert.StartsWith("evt_", e.Id);
    }

    [Fact]
    public void The_idempotency_key_comes_from_metadata()
    {
        var (e, _) = Read("""{"type":"email.sent","metadata":{"idempotencyKey":"abc"}}""");
        Assert.Equal("abc", e!.IdempotencyKey);
    }

    [Fact]
    public void Every_bad_field_is_reported_with_the_items_index()
    {
        var (e, errors) = Read("""{"type":"Bad","channel":"fax","payload":"x","metadata":[],"ts":"2026-05-10T12:06:00Z","personId":5}""");

        Assert.Null(e);
        Assert.Equal(["channel", "metadata", "payload", "personId", "ts", "type"], errors.Select(x => x.Field).Order());
        Assert.All(errors, x => Assert.Equal(3, x.Index));
    }

    [Fact]
    public void A_timestamp_within_the_skew_tolerance_is_accepted()
    {
        var (e, errors) = Read("""{"type":"email.sent","ts":"2026-05-10T12:04:00.000Z"}""");
        Assert.Empty(errors);
        Assert.Equal(Now.AddMinutes(4), e!.Ts);
    }

    [Fact]
    public void A_non_object_item_is_one_error()
    {
        var (_, errors) = Read("42");
        Assert.Equal("event", Assert.Single(errors).Field);
    }

    [Fact]
    public void Cursors_round_trip_and_garbage_is_refused()
    {
        var ts = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 123, TimeSpan.Zero);
        Assert.Equal((ts, "evt_x"), EventCursor.Decode(EventCursor.Encode(ts, "evt_x")));
        Assert.Null(EventCursor.Decode("%%%"));
        Assert.Null(EventCursor.Decode("bm9waXBl"));
    }

    [Theory]
    [InlineData("email.replied", """{"text":"Can I get a demo?"}""", true)]
    [InlineData("sms.received", """{"body":"STOP"}""", true)]
    [InlineData("email.replied", """{"subject":"no words here"}""", false)]
    [InlineData("email.opened", """{"text":"opens carry no reply"}""", false)]
    public void Only_inbound_events_with_words_are_text_bearing(string type, string payload, bool expected) =>
        Assert.Equal(expected, EventText.IsTextBearing(type, payload));
}
