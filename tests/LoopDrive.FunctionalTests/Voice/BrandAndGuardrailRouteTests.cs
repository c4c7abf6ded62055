using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Voice;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Voice;

public sealed class BrandAndGuardrailRouteTests(TestServers servers) : VoiceTest(servers)
{
    [Fact]
    public async Task The_first_brand_is_the_default_and_making_another_default_moves_the_flag()
    {
        var first = await CreateBrandAsync();
        var second = await CreateBrandAsync(NorthwindBrand("Second") with { IsDefault = true });
        var third = await CreateBrandAsync(NorthwindBrand("Third"));

        var list = await Client.GetFromJsonAsync<BrandList>("/api/brand-voice/brands");
        var firstNow = await Client.GetFromJsonAsync<BrandContract>($"/api/brand-voice/brands/{first.Id}");

        Assert.True(first.IsDefault);
        Assert.True(second.IsDefault);
        Assert.False(third.IsDefault);
        Assert.False(firstNow!.IsDefault);
        Assert.Equal(3, list!.Total);
        Assert.Equal(second.Id, Assert.Single(list.Brands, b => b.IsDefault).Id);
        Assert.StartsWith("brand_", first.Id);
    }

    [Fact]
    public async Task A_brand_update_keeps_absent_fields_and_a_foreign_brand_is_not_found()
    {
        var brand = await CreateBrandAsync();
        var updated = await (await Client.PutAsJsonAsync($"/api/brand-voice/brands/{brand.Id}", new BrandUpsert(null, Tone: "professional", Competitors: ["Fabrikam"])))
            .Content.ReadFromJsonAsync<BrandContract>();
        var (_, otherKey) = await CreateWorkspaceAsync("other");
        var foreign = await ClientWithKey(otherKey).GetAsync($"/api/brand-voice/brands/{brand.Id}");
        var invalid = await Client.PostAsJsonAsync("/api/brand-voice/brands", new BrandUpsert("", AllowedLinkDomains: ["not a domain"]));

        Assert.Equal("professional", updated!.Tone);
        Assert.Equal(["Fabrikam"], updated.Competitors);
        Assert.Equal(brand.PreferredVocabulary, updated.PreferredVocabulary);
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var problem = await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("allowedLinkDomains", out _));
    }

    [Fact]
    public async Task The_guardrail_route_reports_codes_spans_and_a_redacted_copy_on_the_root_alias_too()
    {
        var brand = await CreateBrandAsync();
        const string text = "Hi, call me at (415) 555-0123 or write to bob@example.com. Contoso is worse. Visit http://evil.example now.";

        var check = await (await Client.PostAsJsonAsync("/brand-voice/guardrail", new GuardrailRequest(text, "email", brand.Id)))
            .Content.ReadFromJsonAsync<GuardrailCheck>();

        Assert.False(check!.Safe);
        Assert.Contains(GuardrailCodes.Pii, check.Violations);
        Assert.Contains(GuardrailCodes.CompetitorMention, check.Violations);
        Assert.Contains(GuardrailCodes.LinkValidation, check.Violations);
        Assert.Contains(GuardrailCodes.Compliance, check.Violations);
        Assert.Equal(["email", "phone"], check.Details!.PiiDetected!.Order());
        Assert.DoesNotContain("bob@example.com", check.Redacted);
        Assert.Contains("[EMAIL]", check.Redacted);
        var competitor = Assert.Single(check.Findings!, f => f.Code == GuardrailCodes.CompetitorMention);
        Assert.Equal("Contoso", text.Substring(competitor.Start!.Value, competitor.Length!.Value));
    }

    [Fact]
    public async Task A_clean_text_passes_and_bad_input_is_refused()
    {
        var brand = await CreateBrandAsync();
        var clean = await (await Client.PostAsJsonAsync("/api/brand-voice/guardrail",
            new GuardrailRequest("Hi Ana, your fresh sourdough orders are ready. It is simple to schedule them for tomorrow.", "sms", brand.Id, Marketing: false)))
            .Content.ReadFromJsonAsync<GuardrailCheck>();
        var empty = await Client.PostAsJsonAsync("/api/brand-voice/guardrail", new GuardrailRequest(" ", "sms", brand.Id));
        var channel = await Client.PostAsJsonAsync("/api/brand-voice/guardrail", new GuardrailRequest("Hello", "pigeon", brand.Id));
        var unknownBrand = await Client.PostAsJsonAsync("/api/brand-voice/guardrail", new GuardrailRequest("Hello", "sms", "brand_nope"));

        Assert.True(clean!.Safe);
        Assert.Empty(clean.Violations);
        Assert.Equal("gsm7", clean.Sms!.Encoding);
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await channel.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unknownBrand.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Without_a_brand_the_workspace_gets_a_default_one_on_first_use()
    {
        var check = await (await Client.PostAsJsonAsync("/api/brand-voice/guardrail", new { text = "Hello there, friend.", channel = "instagram" }))
            .Content.ReadFromJsonAsync<GuardrailCheck>();
        var brands = await Client.GetFromJsonAsync<BrandList>("/api/brand-voice/brands");

        Assert.True(check!.Safe);
        var brand = Assert.Single(brands!.Brands);
        Assert.True(brand.IsDefault);
        Assert.NotEmpty(brand.Exemplars);
    }

    [Fact]
    public async Task Alignment_scores_exemplar_like_text_above_off_brand_text_with_feedback()
    {
        var brand = await CreateBrandAsync();
        var close = await (await Client.PostAsJsonAsync("/brand-voice/test-alignment",
            new AlignmentRequest("Hi Ana, your morning orders are ready to schedule. It is simple and saves you time.", brand.Id)))
            .Content.ReadFromJsonAsync<AlignmentResult>();
        var far = await (await Client.PostAsJsonAsync("/api/brand-voice/test-alignment",
            new AlignmentRequest("Leverage our synergy platform: guaranteed results, unlike Contoso!!!", brand.Id)))
            .Content.ReadFromJsonAsync<AlignmentResult>();
        var empty = await Client.PostAsJsonAsync("/api/brand-voice/test-alignment", new AlignmentRequest("", brand.Id));

        Assert.InRange(close!.Score, 0, 1);
        Assert.True(close.Score > far!.Score + 0.2, $"close {close.Score} vs far {far.Score}");
        Assert.Contains(far.Feedback, f => f.Contains("Contoso", StringComparison.Ordinal));
        Assert.Contains(far.Feedback, f => f.Contains("guaranteed results", StringComparison.OrdinalIgnoreCase));
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
