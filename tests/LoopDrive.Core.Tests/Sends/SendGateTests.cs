using LoopDrive.Core.People;
using LoopDrive.Core.Sends;

namespace LoopDrive.Core.Tests.Sends;

public sealed class SendGateTests
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-07-01T12:00:00Z");
    private static readonly SendOptions Options = new() { FrequencyCapPerDay = 2 };

    private static GateFacts Facts(ContactDecision? consent = null, string? suppressed = null, IReadOnlyList<DateTimeOffset>? sent = null,
        DateTimeOffset? now = null, string purpose = ContactPurposes.Marketing) =>
        new(SendGate.StageDispatch, purpose, consent ?? ContactDecision.Allow("granted"), suppressed, sent ?? [], TimeZoneInfo.Utc, now ?? Noon);

    [Fact]
    public void Consent_refusal_skips_with_the_policy_reason()
    {
        var decision = SendGate.Decide(Facts(ContactDecision.Deny("consent_revoked", "revoked")), Options);
        Assert.Equal((GateDecision.Skip, "consent_revoked"), (decision.Outcome, decision.Code));
        Assert.Equal("consent_required", AcceptSend.ApiCode(decision.Code));
    }

    [Fact]
    public void Suppression_skips_even_a_consented_person()
    {
        var decision = SendGate.Decide(Facts(suppressed: "hard_bounce"), Options);
        Assert.Equal((GateDecision.Skip, "suppressed"), (decision.Outcome, decision.Code));
    }

    [Fact]
    public void Over_the_cap_defers_until_the_oldest_counted_message_is_a_day_old()
    {
        var decision = SendGate.Decide(Facts(sent: [Noon.AddHours(-20), Noon.AddHours(-2)]), Options);
        Assert.Equal((GateDecision.Defer, "frequency_cap"), (decision.Outcome, decision.Code));
        Assert.Equal(Noon.AddHours(4), decision.Until);

        var under = SendGate.Decide(Facts(sent: [Noon.AddHours(-2)]), Options);
        Assert.True(under.Allowed);
    }

    [Fact]
    public void Quiet_hours_defer_and_do_not_drop()
    {
        var night = DateTimeOffset.Parse("2026-07-01T23:00:00Z");
        var decision = SendGate.Decide(Facts(now: night), Options);
        Assert.Equal((GateDecision.Defer, "quiet_hours"), (decision.Outcome, decision.Code));
        Assert.Equal(DateTimeOffset.Parse("2026-07-02T08:00:00Z"), decision.Until);
    }

    [Fact]
    public void Refusals_come_before_deferrals_and_confirmations_ignore_caps_and_quiet_hours()
    {
        var night = DateTimeOffset.Parse("2026-07-01T23:00:00Z");
        var revokedAtNight = SendGate.Decide(Facts(ContactDecision.Deny("no_consent", "none"), now: night, sent: [night, night, night]), Options);
        Assert.Equal(GateDecision.Skip, revokedAtNight.Outcome);

        var confirmation = SendGate.Decide(Facts(now: night, sent: [night, night, night], purpose: SendPurposes.Confirmation), Options);
        Assert.True(confirmation.Allowed);
    }

    [Fact]
    public void Everything_clear_allows()
    {
        Assert.True(SendGate.Decide(Facts(), Options).Allowed);
    }
}
