using LoopDrive.Core.People;
using LoopDrive.Core.Sends;

namespace LoopDrive.Core.Tests.Sends;

public sealed class MessagingWindowTests
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-07-01T12:00:00Z");
    private static readonly DmTemplate Welcome = new("welcome_back", "en_US");

    private static WindowMode Mode(string channel, TimeSpan? sinceInbound, DmTemplate? template = null, bool humanAgent = false) =>
        MessagingWindow.Judge(new MessagingWindowFacts(channel, sinceInbound is { } ago ? Noon - ago : null, template, humanAgent), Noon).Mode;

    [Theory]
    [InlineData("whatsapp")]
    [InlineData("instagram")]
    public void The_window_is_open_until_the_last_second_of_the_24_hours_and_closed_at_24_hours(string channel)
    {
        Assert.Equal(WindowMode.FreeForm, Mode(channel, TimeSpan.Zero));
        Assert.Equal(WindowMode.FreeForm, Mode(channel, TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1)));
        Assert.Equal(WindowMode.Closed, Mode(channel, TimeSpan.FromHours(24)));
        Assert.Equal(WindowMode.Closed, Mode(channel, null));
    }

    [Fact]
    public void Whatsapp_outside_the_window_falls_back_to_a_named_template_and_inside_it_sends_free_text()
    {
        Assert.Equal(WindowMode.Template, Mode("whatsapp", TimeSpan.FromHours(24), Welcome));
        Assert.Equal(WindowMode.Template, Mode("whatsapp", null, Welcome));
        Assert.Equal(WindowMode.FreeForm, Mode("whatsapp", TimeSpan.FromHours(23), Welcome));
    }

    [Fact]
    public void Instagram_human_agent_tag_extends_to_seven_days_and_no_further()
    {
        Assert.Equal(WindowMode.FreeForm, Mode("instagram", TimeSpan.FromHours(2), humanAgent: true));
        Assert.Equal(WindowMode.HumanAgentTag, Mode("instagram", TimeSpan.FromHours(24), humanAgent: true));
        Assert.Equal(WindowMode.HumanAgentTag, Mode("instagram", TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1), humanAgent: true));
        Assert.Equal(WindowMode.Closed, Mode("instagram", TimeSpan.FromDays(7), humanAgent: true));
        Assert.Equal(WindowMode.Closed, Mode("instagram", null, humanAgent: true));
        // A template is a WhatsApp construct: it does not open Instagram's window.
        Assert.Equal(WindowMode.Closed, Mode("instagram", TimeSpan.FromDays(2), Welcome));
    }

    [Fact]
    public void Channels_without_a_window_are_free_form()
    {
        Assert.Equal(WindowMode.FreeForm, Mode("sms", null));
        Assert.Equal(WindowMode.FreeForm, Mode("x", null));
    }

    [Theory]
    [InlineData("""{"whatsappTemplate":"welcome_back"}""", "welcome_back", "en_US", false)]
    [InlineData("""{"whatsappTemplate":{"name":"bienvenida","language":"es"}}""", "bienvenida", "es", false)]
    [InlineData("""{"instagramTag":"human_agent"}""", null, null, true)]
    [InlineData("""{"whatsappTemplate":""}""", null, null, false)]
    [InlineData("""["not an object"]""", null, null, false)]
    [InlineData(null, null, null, false)]
    public void Metadata_names_the_template_and_the_tag(string? metadata, string? name, string? language, bool humanAgent)
    {
        var (template, human) = MessagingWindow.ReadMetadata(metadata);
        Assert.Equal((name, language, humanAgent), (template?.Name, template?.Language, human));
    }

    [Fact]
    public void The_gate_skips_outside_the_window_after_consent_and_marks_template_and_tag_sends()
    {
        var options = new SendOptions { FrequencyCapPerDay = 0 };
        GateFacts Facts(MessagingWindowFacts window, ContactDecision? consent = null, string purpose = ContactPurposes.Marketing) =>
            new(SendGate.StageDispatch, purpose, consent ?? ContactDecision.Allow("granted"), null, [], TimeZoneInfo.Utc, Noon, window);

        var closed = SendGate.Decide(Facts(new("whatsapp", Noon.AddDays(-2), null, false)), options);
        Assert.Equal((GateDecision.Skip, MessagingWindow.OutsideCode), (closed.Outcome, closed.Code));
        var transactional = SendGate.Decide(Facts(new("whatsapp", null, null, false), purpose: ContactPurposes.Transactional), options);
        Assert.Equal(MessagingWindow.OutsideCode, transactional.Code);
        var revoked = SendGate.Decide(Facts(new("whatsapp", null, null, false), ContactDecision.Deny("consent_revoked", "revoked")), options);
        Assert.Equal("consent_revoked", revoked.Code);

        var template = SendGate.Decide(Facts(new("whatsapp", null, Welcome, false)), options);
        Assert.Equal((GateDecision.Allow, MessagingWindow.TemplateCode), (template.Outcome, template.Code));
        var tagged = SendGate.Decide(Facts(new("instagram", Noon.AddDays(-3), null, true)), options);
        Assert.Equal((GateDecision.Allow, MessagingWindow.HumanAgentCode), (tagged.Outcome, tagged.Code));
        var open = SendGate.Decide(Facts(new("instagram", Noon.AddHours(-1), null, false)), options);
        Assert.Equal((GateDecision.Allow, "allowed"), (open.Outcome, open.Code));
    }
}
