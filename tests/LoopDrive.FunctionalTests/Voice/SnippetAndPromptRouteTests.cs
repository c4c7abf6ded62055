using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Voice;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Voice;

public sealed class SnippetAndPromptRouteTests(TestServers servers) : VoiceTest(servers)
{
    [Fact]
    public async Task Snippet_usage_updates_the_beta_posterior_and_lists_sort_by_win_rate()
    {
        var brand = await CreateBrandAsync();
        var winner = await CreateSnippetAsync(brand.Id, "email", "nurture", "Fresh ideas for your mornings", "subject");
        var loser = await CreateSnippetAsync(brand.Id, "email", "nurture", "Our newsletter", "subject");
        await CreateSnippetAsync(brand.Id, "sms", "nurture", "Quick one for you", "opening");

        // Identical bodies inside the key-less dedupe window count once (CONTRACT.md §1.1), so each call carries a distinct, ignored field.
        var n = 0;
        foreach (var outcome in new[] { "conversion", "conversion", "no_conversion" })
            (await Client.PostAsJsonAsync($"/api/brand-voice/snippets/{winner.Id}/usage", new { outcome, n = n++ })).EnsureSuccessStatusCode();
        var updated = await (await Client.PostAsJsonAsync($"/brand-voice/snippets/{loser.Id}/usage", new SnippetUsageRequest("no_conversion")))
            .Content.ReadFromJsonAsync<SnippetContract>();

        var list = await Client.GetFromJsonAsync<SnippetContract[]>($"/api/brand-voice/snippets?brandId={brand.Id}&channel=email");
        var filtered = await Client.GetFromJsonAsync<SnippetContract[]>($"/brand-voice/snippets?brandId={brand.Id}&minWinRate=0.55&limit=5");

        Assert.Equal(0.5, winner.WinRate);
        Assert.Equal(1, updated!.Impressions);
        Assert.Equal(1.0 / 3, updated.WinRate, 6);
        Assert.Equal([winner.Id, loser.Id], list!.Select(s => s.Id));
        var top = list![0];
        Assert.Equal((3, 2), (top.Impressions, top.Conversions));
        Assert.Equal(0.6, top.WinRate, 6);
        Assert.True(top.WinRateInterval.Low < top.WinRate && top.WinRate < top.WinRateInterval.High);
        Assert.Equal(winner.Id, Assert.Single(filtered!).Id);
    }

    [Fact]
    public async Task Snippet_routes_refuse_bad_input_and_unknown_ids()
    {
        var brand = await CreateBrandAsync();
        var badUsage = await Client.PostAsJsonAsync("/api/brand-voice/snippets", new SnippetCreate(brand.Id, "email", "nurture", "Hi", "footer"));
        var badChannel = await Client.PostAsJsonAsync("/api/brand-voice/snippets", new SnippetCreate(brand.Id, "fax", "nurture", "Hi", "cta"));
        var badOutcome = await Client.PostAsJsonAsync("/api/brand-voice/snippets/snip_x/usage", new SnippetUsageRequest("maybe"));
        var unknown = await Client.PostAsJsonAsync("/api/brand-voice/snippets/snip_unknown/usage", new SnippetUsageRequest("conversion"));
        var foreignBrand = await Client.PostAsJsonAsync("/api/brand-voice/snippets", new SnippetCreate("brand_nope", "email", "nurture", "Hi", "cta"));
        var extended = await Client.PostAsJsonAsync("/api/brand-voice/snippets", new SnippetCreate(brand.Id, "email", "nurture", "About the price:", "objection_handler"));

        await badUsage.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await badChannel.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await badOutcome.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await foreignBrand.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.Created, extended.StatusCode);
    }

    [Fact]
    public async Task Editing_a_snippets_text_restarts_its_win_rate_unless_kept_and_a_deleted_snippet_leaves_the_library()
    {
        var brand = await CreateBrandAsync();
        var snippet = await CreateSnippetAsync(brand.Id, "email", "nurture", "Fresh ideas for your mornigns", "subject");
        (await Client.PostAsJsonAsync($"/api/brand-voice/snippets/{snippet.Id}/usage", new SnippetUsageRequest("conversion"))).EnsureSuccessStatusCode();

        var typoFixed = await (await Client.PatchAsJsonAsync($"/api/brand-voice/snippets/{snippet.Id}",
            new SnippetUpdate(Snippet: "Fresh ideas for your mornings", KeepStats: true))).Content.ReadFromJsonAsync<SnippetContract>();
        var rewritten = await (await Client.PatchAsJsonAsync($"/api/brand-voice/snippets/{snippet.Id}",
            new SnippetUpdate(Snippet: "Your mornings, simpler", Usage: "opening"))).Content.ReadFromJsonAsync<SnippetContract>();
        var badUsage = await Client.PatchAsJsonAsync($"/api/brand-voice/snippets/{snippet.Id}", new SnippetUpdate(Usage: "footer"));
        var unknown = await Client.PatchAsJsonAsync("/api/brand-voice/snippets/snip_unknown", new SnippetUpdate(Snippet: "x"));
        var deleted = await Client.DeleteAsync($"/api/brand-voice/snippets/{snippet.Id}");
        var deletedAgain = await Client.DeleteAsync($"/api/brand-voice/snippets/{snippet.Id}");
        var list = await Client.GetFromJsonAsync<SnippetContract[]>($"/api/brand-voice/snippets?brandId={brand.Id}");

        Assert.Equal(("Fresh ideas for your mornings", 1, 1), (typoFixed!.Snippet, typoFixed.Impressions, typoFixed.Conversions));
        Assert.Equal(("Your mornings, simpler", "opening", 0, 0.5), (rewritten!.Snippet, rewritten.Usage, rewritten.Impressions, rewritten.WinRate));
        await badUsage.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await deletedAgain.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(list!);
    }

    [Theory]
    [InlineData("/api/brand-voice/prompt/email_nurture")]
    [InlineData("/api/brand-voice/prompts/email_nurture")]
    [InlineData("/brand-voice/prompts/email_nurture")]
    public async Task Every_prompt_path_returns_the_shipped_pack_until_a_version_is_activated(string path)
    {
        var brand = await CreateBrandAsync();
        var pack = await Client.GetFromJsonAsync<PromptPack>($"{path}?brandId={brand.Id}");

        Assert.Equal(0, pack!.Version);
        Assert.True(pack.Shipped);
        Assert.Equal("email_nurture", pack.UseCase);
        Assert.Contains("firstName", pack.Variables);
        Assert.Contains("{{$memories}}", pack.UserPromptTemplate);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, pack.Constraints.ValueKind);
    }

    [Fact]
    public async Task Versions_are_numbered_activated_and_reverted_to_the_shipped_default()
    {
        var brand = await CreateBrandAsync();
        var v1 = await (await Client.PostAsJsonAsync("/api/brand-voice/prompt/sms_winback/versions",
            new PromptPackCreate(brand.Id, "You write for {{$brandName}}.", "OBJECTIVE: {{$objective}}\nRECIPIENT FIRST NAME: {{$firstName}}")))
            .Content.ReadFromJsonAsync<PromptPack>();
        var v2 = await (await Client.PostAsJsonAsync("/api/brand-voice/prompts/sms_winback/versions",
            new PromptPackCreate(brand.Id, "Short and warm, for {{$brandName}}.", "OBJECTIVE: {{$objective}}", Activate: true)))
            .Content.ReadFromJsonAsync<PromptPack>();
        var active = await Client.GetFromJsonAsync<PromptPack>($"/api/brand-voice/prompt/sms_winback?brandId={brand.Id}");
        var reactivated = await (await Client.PostAsync($"/api/brand-voice/prompt/sms_winback/versions/1/activate?brandId={brand.Id}", null))
            .Content.ReadFromJsonAsync<PromptPack>();
        var versions = await Client.GetFromJsonAsync<PromptPackVersions>($"/api/brand-voice/prompt/sms_winback/versions?brandId={brand.Id}");
        var reverted = await (await Client.PostAsync($"/api/brand-voice/prompt/sms_winback/versions/0/activate?brandId={brand.Id}", null))
            .Content.ReadFromJsonAsync<PromptPack>();
        var missing = await Client.PostAsync($"/api/brand-voice/prompt/sms_winback/versions/9/activate?brandId={brand.Id}", null);
        var broken = await Client.PostAsJsonAsync("/api/brand-voice/prompt/sms_winback/versions", new PromptPackCreate(brand.Id, "Hi {{$brandName", "x"));

        Assert.Equal((1, false), (v1!.Version, v1.Active));
        Assert.Equal((2, true), (v2!.Version, v2.Active));
        Assert.Equal(2, active!.Version);
        Assert.Equal(["brandName", "objective"], v2.Variables.Order());
        Assert.Equal(1, reactivated!.Version);
        Assert.Equal([0, 1, 2], versions!.Versions.Select(v => v.Version));
        Assert.Equal([1], versions.Versions.Where(v => v.Active).Select(v => v.Version));
        Assert.True(reverted!.Shipped);
        Assert.Equal(0, (await Client.GetFromJsonAsync<PromptPack>($"/api/brand-voice/prompt/sms_winback?brandId={brand.Id}"))!.Version);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await broken.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
