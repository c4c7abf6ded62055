using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Guardrails;

namespace LoopDrive.Core.Tests.Voice;

public sealed class GuardrailEngineTests
{
    private static readonly BrandProfile Brand = new(
        "brand_test", "Northwind", "friendly", "bakers",
        PreferredVocabulary: ["fresh", "simple"], AvoidVocabulary: ["synergy"], BannedPhrases: ["guaranteed results"], Competitors: ["Contoso"],
        RequiredDisclaimers: new Dictionary<string, string> { ["instagram"] = "#ad" }, AllowedLinkDomains: ["northwind.example"], Exemplars: []);

    private const string Clean = "Hi Ana, your fresh bread orders are ready. It is simple to plan tomorrow's batch.";

    private static GuardrailCheck Check(string text, string channel = "x", bool marketing = false, int? maxChars = null, string? readingLevel = null) =>
        GuardrailEngine.Check(text, new GuardrailContext(Brand, channel, marketing, FirstMessage: true, MaxChars: maxChars, ReadingLevel: readingLevel));

    [Fact]
    public void A_clean_friendly_text_is_safe_with_no_findings()
    {
        var check = Check(Clean);

        Assert.True(check.Safe);
        Assert.Empty(check.Violations);
        Assert.Empty(check.Warnings!);
        Assert.Null(check.Redacted);
    }

    [Theory]
    [InlineData("Write to ana.silva@example.com today.", "email")]
    [InlineData("Call +1 415 555 0123 after lunch.", "phone")]
    [InlineData("Call (415) 555-0123 after lunch.", "phone")]
    [InlineData("My card is 4111 1111 1111 1111 thanks.", "card_number")]
    [InlineData("SSN 123-45-6789 on file.", "national_id")]
    [InlineData("NI number AB 12 34 56 C on file.", "national_id")]
    public void Personal_data_is_blocked_and_masked_in_the_redacted_copy(string text, string kind)
    {
        var check = Check(text);

        Assert.False(check.Safe);
        Assert.Contains(GuardrailCodes.Pii, check.Violations);
        Assert.Contains(kind, check.Details!.PiiDetected!);
        Assert.Contains("[" + kind.ToUpperInvariant() + "]", check.Redacted);
    }

    [Theory]
    [InlineData("Order number 4111 1111 1111 1112 is ready.")]
    [InlineData("We baked 1200 loaves in 2024 and 3 cakes.")]
    [InlineData("Version 123-45 is out.")]
    public void Digit_runs_that_are_not_personal_data_pass(string text)
    {
        var check = Check(text);

        Assert.DoesNotContain(GuardrailCodes.Pii, check.Violations);
    }

    [Fact]
    public void Profanity_is_blocked_with_its_span_and_masked()
    {
        const string text = "This damn oven again.";
        var check = Check(text);

        Assert.Contains(GuardrailCodes.Profanity, check.Violations);
        var finding = Assert.Single(check.Findings!, f => f.Code == GuardrailCodes.Profanity);
        Assert.Equal("damn", text.Substring(finding.Start!.Value, finding.Length!.Value));
        Assert.Equal("This **** oven again.", check.Redacted);
        Assert.DoesNotContain(GuardrailCodes.Profanity, Check("The dam on the river is damp.").Violations);
    }

    [Fact]
    public void Insults_make_a_text_toxic_while_a_neutral_text_scores_zero()
    {
        var toxic = Check("You idiot, that was stupid and pathetic.");

        Assert.Contains(GuardrailCodes.Toxicity, toxic.Violations);
        Assert.True(toxic.Details!.Toxicity >= GuardrailThresholds.ToxicityBlock);
        Assert.Equal(0, Check(Clean).Details!.Toxicity);
    }

    [Fact]
    public void Spam_triggers_shouting_and_punctuation_add_up_to_a_block()
    {
        var spam = Check("ACT NOW!!! CLICK HERE for FREE MONEY, 100% free, you have been selected as a WINNER!!!");

        Assert.Contains(GuardrailCodes.SpamScore, spam.Violations);
        Assert.True(spam.Details!.SpamScore >= GuardrailThresholds.SpamBlock);
        Assert.True(Check(Clean).Details!.SpamScore < GuardrailThresholds.SpamWarn);
    }

    [Fact]
    public void Banned_phrases_and_competitors_block_while_avoided_words_only_warn()
    {
        var banned = Check("We promise guaranteed results.");
        var competitor = Check("Better than contoso at bread.");
        var avoided = Check("Real synergy for your bakery.");

        Assert.Contains(GuardrailCodes.ForbiddenWord, banned.Violations);
        Assert.Contains(GuardrailCodes.CompetitorMention, competitor.Violations);
        Assert.True(avoided.Safe);
        Assert.Contains(GuardrailCodes.ForbiddenWord, avoided.Warnings!);
        Assert.DoesNotContain(GuardrailCodes.CompetitorMention, Check("Contosoville bakery is lovely.").Violations);
    }

    [Theory]
    [InlineData("See https://northwind.example/menu today.", true)]
    [InlineData("See https://shop.northwind.example/menu today.", true)]
    [InlineData("See https://evil.example/menu today.", false)]
    [InlineData("See http://northwind.example/menu today.", false)]
    [InlineData("See https://bit.ly/abc today.", false)]
    [InlineData("See https://10.0.0.1/menu today.", false)]
    public void Links_must_be_https_on_an_allowed_domain(string text, bool allowed)
    {
        var check = Check(text);

        Assert.Equal(allowed, !check.Violations.Contains(GuardrailCodes.LinkValidation));
    }

    [Fact]
    public void Length_is_checked_against_the_limit_and_sms_segments()
    {
        var longX = Check(new string('a', 10) + " " + string.Join(" ", Enumerable.Repeat("fresh bread", 30)), "x");
        var sms = Check("Hi Ana, fresh bread is ready 🍞 come by today for a loaf.", "sms", maxChars: 160);
        var smsPlain = Check(new string('b', 100), "sms", maxChars: 160);

        Assert.Contains(GuardrailCodes.LengthCheck, longX.Violations);
        Assert.Equal("ucs2", sms.Sms!.Encoding);
        Assert.Equal(1, sms.Sms.Segments);
        Assert.DoesNotContain(GuardrailCodes.LengthCheck, smsPlain.Violations);
        Assert.Contains(GuardrailCodes.LengthCheck, Check(new string('b', 90) + "🍞", "sms", maxChars: 160).Violations);
    }

    [Fact]
    public void Hard_to_read_text_warns_on_readability()
    {
        var dense = Check("Notwithstanding organizational considerations, comprehensive infrastructural modernization necessitates multidimensional collaborative implementation methodologies.");

        Assert.Contains(GuardrailCodes.Readability, dense.Warnings!);
        Assert.True(dense.Safe);
        Assert.DoesNotContain(GuardrailCodes.Readability, Check(Clean).Warnings!);
    }

    [Fact]
    public void Low_brand_alignment_warns()
    {
        var low = GuardrailEngine.Check(Clean, new GuardrailContext(Brand, "x", Marketing: false, Alignment: 0.2));
        var high = GuardrailEngine.Check(Clean, new GuardrailContext(Brand, "x", Marketing: false, Alignment: 0.8));

        Assert.Contains(GuardrailCodes.BrandAlignment, low.Warnings!);
        Assert.DoesNotContain(GuardrailCodes.BrandAlignment, high.Warnings!);
    }

    [Fact]
    public void Negative_tone_warns_on_sentiment()
    {
        var negative = Check("Unfortunately the order failed. Terrible news, we are sorry.");

        Assert.Contains(GuardrailCodes.SentimentCheck, negative.Warnings!);
        Assert.True(negative.Details!.Sentiment < 0);
        Assert.True(Check(Clean + " We love baking with you.").Details!.Sentiment > 0);
    }

    [Fact]
    public void The_first_marketing_sms_needs_opt_out_wording()
    {
        var missing = Check("Hi Ana, fresh bread today.", "sms", marketing: true);
        var present = Check("Hi Ana, fresh bread today. Reply STOP to opt out.", "sms", marketing: true);
        var later = GuardrailEngine.Check("Hi Ana, fresh bread today.", new GuardrailContext(Brand, "sms", Marketing: true, FirstMessage: false));

        Assert.Contains(GuardrailCodes.Compliance, missing.Violations);
        Assert.NotEmpty(missing.Details!.ComplianceIssues!);
        Assert.DoesNotContain(GuardrailCodes.Compliance, present.Violations);
        Assert.DoesNotContain(GuardrailCodes.Compliance, later.Violations);
    }

    [Fact]
    public void Marketing_email_needs_the_unsubscribe_placeholder_and_brand_disclaimers_apply_per_channel()
    {
        var missing = Check("Hi Ana, fresh bread today.", "email", marketing: true);
        var present = Check("Hi Ana, fresh bread today.\n\nUnsubscribe: " + WordLists.UnsubscribePlaceholder, "email", marketing: true);
        var noDisclaimer = Check("Fresh bread today.", "instagram");
        var disclaimer = Check("Fresh bread today. #ad", "instagram");

        Assert.Contains(GuardrailCodes.Compliance, missing.Violations);
        Assert.DoesNotContain(GuardrailCodes.Compliance, present.Violations);
        Assert.Contains(GuardrailCodes.Compliance, noDisclaimer.Violations);
        Assert.DoesNotContain(GuardrailCodes.Compliance, disclaimer.Violations);
    }
}
