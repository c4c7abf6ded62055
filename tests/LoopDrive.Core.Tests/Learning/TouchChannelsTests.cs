using LoopDrive.Core.Learning;
using LoopDrive.Core.Sends;

namespace LoopDrive.Core.Tests.Learning;

/// <summary>Which channels a scheduled touch may use once messaging windows are judged at the time it goes.</summary>
public sealed class TouchChannelsTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero);
    private static readonly string[] All = ["email", "sms", "whatsapp", "instagram"];

    [Fact]
    public void Without_inbound_messages_or_a_template_only_channels_without_a_window_remain()
    {
        var open = TouchChannels.Open(All, _ => null, null, At);

        Assert.Equal(["email", "sms"], open);
    }

    [Fact]
    public void An_inbound_message_within_24_hours_of_the_send_opens_its_channel_only()
    {
        var open = TouchChannels.Open(All, c => c == "whatsapp" ? At.AddHours(-23) : null, null, At);

        Assert.Equal(["email", "sms", "whatsapp"], open);
    }

    [Fact]
    public void A_window_that_closes_before_the_touch_goes_counts_as_closed()
    {
        // Open now, but the touch is placed 25 hours after the person wrote.
        var open = TouchChannels.Open(["whatsapp", "instagram"], _ => At.AddHours(-25), null, At);

        Assert.Empty(open);
    }

    [Fact]
    public void A_whatsapp_template_lets_whatsapp_through_outside_the_window_but_not_instagram()
    {
        var open = TouchChannels.Open(["whatsapp", "instagram"], _ => null, new DmTemplate("nurture_v1", "en_US"), At);

        Assert.Equal(["whatsapp"], open);
    }

    [Fact]
    public void Instagram_between_one_and_seven_days_stays_closed_because_a_touch_is_not_a_human_agent_answer()
    {
        var open = TouchChannels.Open(["instagram"], _ => At.AddDays(-3), null, At);

        Assert.Empty(open);
    }
}
