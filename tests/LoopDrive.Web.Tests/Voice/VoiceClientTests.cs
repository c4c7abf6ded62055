using System.Net;
using LoopDrive.Client.Modules;
using LoopDrive.Contracts.Voice;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Voice;

public sealed class VoiceClientTests
{
    [Fact]
    public async Task Every_voice_route_is_called_on_its_canonical_path_with_its_method()
    {
        var brand = VoiceSamples.Brand();
        var handler = new ScriptedApiHandler()
            .ThenJson(HttpStatusCode.OK, new BrandList([brand], 1))
            .ThenJson(HttpStatusCode.OK, brand)
            .ThenJson(HttpStatusCode.Created, brand)
            .ThenJson(HttpStatusCode.OK, brand)
            .ThenJson(HttpStatusCode.OK, VoiceSamples.Compose())
            .ThenJson(HttpStatusCode.OK, VoiceSamples.Check())
            .ThenJson(HttpStatusCode.OK, new AlignmentResult(0.8, ["Close to the exemplars."]))
            .ThenJson(HttpStatusCode.OK, VoiceSamples.Pack())
            .ThenJson(HttpStatusCode.OK, new PromptPackVersions([VoiceSamples.Pack()], 1))
            .ThenJson(HttpStatusCode.Created, VoiceSamples.Pack(1))
            .ThenJson(HttpStatusCode.OK, VoiceSamples.Pack(1))
            .ThenJson(HttpStatusCode.OK, new[] { VoiceSamples.Snippet() })
            .ThenJson(HttpStatusCode.Created, VoiceSamples.Snippet())
            .ThenJson(HttpStatusCode.OK, VoiceSamples.Snippet())
            .ThenJson(HttpStatusCode.OK, new VoiceAnalytics("brand_01nw", new AnalyticsPeriod(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)),
                new Dictionary<string, ChannelVoiceStats>(), new Dictionary<string, ObjectiveVoiceStats>(), new ExperimentStats(0, 0, 0), new GuardrailStats(0, 0, 0, [])));
        var voice = TestClients.Create(handler).Voice;

        await voice.ListBrandsAsync();
        await voice.GetBrandAsync("brand_01nw");
        await voice.CreateBrandAsync(new BrandUpsert("Northwind"));
        await voice.UpdateBrandAsync("brand_01nw", new BrandUpsert(null, Tone: "professional"));
        var composed = await voice.ComposeAsync(new ComposeRequest("brand_01nw", null, "email", "nurture", "per_01ana"));
        await voice.CheckGuardrailsAsync(new GuardrailRequest("Write to a@b.co today.", "email", "brand_01nw"));
        await voice.TestAlignmentAsync(new AlignmentRequest("Hello", "brand_01nw"));
        await voice.GetPromptAsync("email_nurture", "brand_01nw");
        await voice.ListPromptVersionsAsync("email_nurture", "brand_01nw");
        await voice.AddPromptVersionAsync("email_nurture", new PromptPackCreate("brand_01nw", "s", "u"));
        await voice.ActivatePromptVersionAsync("email_nurture", 1, "brand_01nw");
        await voice.ListSnippetsAsync(new SnippetQuery("brand_01nw", Channel: "email", MinWinRate: 0.5, Limit: 10));
        await voice.CreateSnippetAsync(new SnippetCreate("brand_01nw", "email", "nurture", "Hi", "opening"));
        await voice.RecordSnippetUsageAsync("snip_01a", "conversion");
        await voice.GetAnalyticsAsync("brand_01nw", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

        var calls = handler.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}").ToList();
        Assert.Equal(
        [
            "GET /api/brand-voice/brands",
            "GET /api/brand-voice/brands/brand_01nw",
            "POST /api/brand-voice/brands",
            "PUT /api/brand-voice/brands/brand_01nw",
            "POST /api/brand-voice/compose",
            "POST /api/brand-voice/guardrail",
            "POST /api/brand-voice/test-alignment",
            "GET /api/brand-voice/prompt/email_nurture?brandId=brand_01nw",
            "GET /api/brand-voice/prompt/email_nurture/versions?brandId=brand_01nw",
            "POST /api/brand-voice/prompt/email_nurture/versions",
            "POST /api/brand-voice/prompt/email_nurture/versions/1/activate?brandId=brand_01nw",
            "GET /api/brand-voice/snippets?brandId=brand_01nw&channel=email&minWinRate=0.5&limit=10",
            "POST /api/brand-voice/snippets",
            "POST /api/brand-voice/snippets/snip_01a/usage",
            "GET /api/brand-voice/brand_01nw/analytics?from=2026-11-01T00%3A00%3A00.000Z",
        ], calls);
        Assert.Equal("{\"outcome\":\"conversion\"}", handler.Requests[13].Body);
        Assert.Equal(["mem_01a"], composed.Metadata.MemoriesUsed);
    }
}
