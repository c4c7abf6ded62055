using LoopDrive.Core.People;

namespace LoopDrive.Core.Tests.People;

public sealed class IdentityNormalizerTests
{
    private static readonly NormalizationOptions Us = new("US");

    private static string? Normalize(string type, string raw, NormalizationOptions? options = null) =>
        IdentityNormalizer.TryNormalize(type, raw, options ?? Us, out var identity, out _) ? identity.Value : null;

    [Theory]
    [InlineData("Ada@Example.com", "ada@example.com")]
    [InlineData("  ada@example.com\t", "ada@example.com")]
    [InlineData("ada+news@example.com", "ada+news@example.com")]
    [InlineData("o'brien@example.ie", "o'brien@example.ie")]
    [InlineData("ADA@EXAMPLE.COM.", "ada@example.com")]
    [InlineData("first.last@sub.example.co.uk", "first.last@sub.example.co.uk")]
    public void Emails_are_trimmed_and_lower_cased(string raw, string expected) =>
        Assert.Equal(expected, Normalize("email", raw));

    [Theory]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.com")]
    [InlineData("ada@example")]
    [InlineData("ada@@example.com")]
    [InlineData("ada lovelace@example.com")]
    [InlineData(".ada@example.com")]
    [InlineData("ada..l@example.com")]
    [InlineData("ada@example..com")]
    public void Malformed_emails_are_refused(string raw) => Assert.Null(Normalize("email", raw));

    [Fact]
    public void A_workspace_may_fold_plus_sub_addresses() =>
        Assert.Equal("ada@example.com", Normalize("email", "Ada+Promo@example.com", new NormalizationOptions("US", FoldEmailSubaddress: true)));

    [Theory]
    [InlineData("(415) 555-0132", "US", "+14155550132")]
    [InlineData("+1 415 555 0132", "GB", "+14155550132")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("+44 (0)20 7946 0958", "US", "+442079460958")]
    [InlineData("030 901820", "DE", "+4930901820")]
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("+81 3-1234-5678", "US", "+81312345678")]
    [InlineData("0412 345 678", "AU", "+61412345678")]
    public void Phones_become_e164_read_in_the_workspace_region(string raw, string region, string expected) =>
        Assert.Equal(expected, Normalize("phone", raw, new NormalizationOptions(region)));

    [Theory]
    [InlineData("12")]
    [InlineData("not a phone")]
    [InlineData("+1 555 0100")]
    [InlineData("+999 123456")]
    public void Invalid_phones_are_refused(string raw) => Assert.Null(Normalize("phone", raw));

    [Theory]
    [InlineData("instagram", "@Ada.Codes", "ada.codes")]
    [InlineData("x", "AdaL", "adal")]
    [InlineData("reddit", "u_Ada", "u_ada")]
    [InlineData("stripe", "cus_AbC123", "cus_AbC123")]
    [InlineData("crm", "Lead-00042", "Lead-00042")]
    [InlineData("whatsapp", "+1 (415) 555-0132", "+14155550132")]
    public void Handles_and_system_ids_keep_case_only_where_the_platform_does(string type, string raw, string expected) =>
        Assert.Equal(expected, Normalize(type, raw));

    [Fact]
    public void An_unknown_type_is_refused_with_the_allowed_list()
    {
        Assert.False(IdentityNormalizer.TryNormalize("myspace", "ada", Us, out _, out var error));
        Assert.Contains("instagram", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_original_spelling_is_kept_beside_the_normalized_value()
    {
        Assert.True(IdentityNormalizer.TryNormalize("email", " Ada@Example.com", Us, out var identity, out _));
        Assert.Equal(" Ada@Example.com", identity.Original);
    }

    [Theory]
    [InlineData("stripe", false, 0.97)]
    [InlineData("email", false, 0.95)]
    [InlineData("email", true, 0.99)]
    [InlineData("phone", false, 0.90)]
    [InlineData("phone", true, 0.98)]
    [InlineData("instagram", false, 0.80)]
    [InlineData("instagram", true, 0.95)]
    public void Match_confidence_depends_on_type_and_verification(string type, bool verified, double expected) =>
        Assert.Equal(expected, IdentityTypes.MatchConfidence(type, verified));
}
