using LoopDrive.Core.People;

namespace LoopDrive.Core.Tests.People;

public sealed class ConsentPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Consent C(string status, string scope = "marketing", string channel = "email", DateTimeOffset? expires = null, int ageDays = 10) => new()
    {
        Id = "cns_" + Guid.NewGuid().ToString("N"),
        WorkspaceId = "ws_1",
        PersonId = "per_1",
        Channel = channel,
        Scope = scope,
        Status = status,
        Source = "form",
        ExpiresAt = expires,
        CreatedAt = Now.AddDays(-ageDays),
    };

    [Fact]
    public void Marketing_without_any_consent_is_refused() =>
        Assert.Equal("no_consent", ConsentPolicy.Decide([], ContactPurposes.Marketing, Now).Reason);

    [Theory]
    [InlineData("marketing")]
    [InlineData("both")]
    public void Marketing_with_a_grant_in_scope_is_allowed(string scope) =>
        Assert.True(ConsentPolicy.Decide([C("granted", scope)], ContactPurposes.Marketing, Now).Allowed);

    [Fact]
    public void A_grant_for_transactional_only_does_not_allow_marketing() =>
        Assert.False(ConsentPolicy.Decide([C("granted", "transactional")], ContactPurposes.Marketing, Now).Allowed);

    [Fact]
    public void An_expired_grant_is_refused_as_expired() =>
        Assert.Equal("consent_expired", ConsentPolicy.Decide([C("granted", expires: Now.AddSeconds(-1))], ContactPurposes.Marketing, Now).Reason);

    [Theory]
    [InlineData("pending")]
    [InlineData("unknown")]
    public void Pending_or_unknown_is_not_consent(string status) =>
        Assert.False(ConsentPolicy.Decide([C(status)], ContactPurposes.Marketing, Now).Allowed);

    [Fact]
    public void A_revocation_wins_over_a_grant_on_another_applicable_scope() =>
        Assert.Equal("consent_revoked", ConsentPolicy.Decide([C("granted"), C("revoked", "both")], ContactPurposes.Marketing, Now).Reason);

    [Fact]
    public void Transactional_needs_no_opt_in_but_respects_a_revocation()
    {
        Assert.True(ConsentPolicy.Decide([], ContactPurposes.Transactional, Now).Allowed);
        Assert.False(ConsentPolicy.Decide([C("revoked", "transactional")], ContactPurposes.Transactional, Now).Allowed);
        Assert.True(ConsentPolicy.Decide([C("revoked", "marketing")], ContactPurposes.Transactional, Now).Allowed);
    }

    [Theory]
    [InlineData("granted", "revoked", "revoked")]
    [InlineData("revoked", "granted", "revoked")]
    [InlineData("granted", "pending", "pending")]
    [InlineData("unknown", "granted", "unknown")]
    [InlineData("pending", "revoked", "revoked")]
    public void Merging_keeps_the_most_restrictive_state(string a, string b, string expected) =>
        Assert.Equal(expected, ConsentPolicy.MostRestrictive(C(a), C(b)).Status);

    [Fact]
    public void Between_two_grants_the_one_that_expires_first_wins()
    {
        var soon = C("granted", expires: Now.AddDays(5));
        var never = C("granted");
        Assert.Same(soon, ConsentPolicy.MostRestrictive(never, soon));
        Assert.Same(soon, ConsentPolicy.MostRestrictive(soon, never));
    }
}
