using Bunit;
using LoopDrive.Contracts.People;
using LoopDrive.Contracts.Voice;
using LoopDrive.Web.Components.Pages.Voice;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Voice;

public sealed class BrandVoiceComponentTests : DashboardTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_playground_composes_and_shows_messages_memories_snippets_and_guardrails()
    {
        Api.OnJson(HttpMethod.Get, "/api/person", new PersonList([new Person("per_01ana", "ws_01demo", null, "Ana", "Silva", null, null, null, At, At, null)], 1));
        Api.OnJson(HttpMethod.Post, "/api/brand-voice/compose", VoiceSamples.Compose());
        Api.OnJson(HttpMethod.Get, "/api/person/per_01ana/memory",
            new[] { new Memory("mem_01a", "per_01ana", "preference", "Loves sourdough", 0.9, null, null, null, null, At, true, null) });
        RenderProviders();

        var playground = Render<BrandVoicePlayground>(p => p.Add(x => x.Brand, VoiceSamples.Brand()));
        playground.WaitForAssertion(() => Assert.False(playground.Find("button.compose-button").HasAttribute("disabled")), Deadline);
        playground.Find("button.compose-button").Click();

        playground.WaitForAssertion(() =>
        {
            Assert.Equal(["Primary", "Variant 1"], playground.FindAll(".message-label").Select(e => e.TextContent));
            Assert.Contains("Loves sourdough", playground.Find(".message-body").TextContent, StringComparison.Ordinal);
            Assert.Contains("Loves sourdough", playground.Find(".memory-used").TextContent, StringComparison.Ordinal);
            Assert.Equal("snip_01a", playground.Find(".snippet-used").TextContent);
            Assert.Contains("template", playground.Find(".compose-source").TextContent, StringComparison.Ordinal);
            var statuses = playground.FindAll(".guardrail-status").Select(e => e.TextContent).ToList();
            Assert.Equal(["passed", "flagged"], statuses);
        }, Deadline);
        var compose = Api.Requests.Single(r => r.Uri.AbsolutePath == "/api/brand-voice/compose");
        Assert.Contains("\"personId\":\"per_01ana\"", compose.Body, StringComparison.Ordinal);
        Assert.Contains("\"purpose\":\"preview\"", compose.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_guardrail_checker_highlights_offending_spans_as_you_type()
    {
        Api.OnJson(HttpMethod.Post, "/api/brand-voice/guardrail", VoiceSamples.Check());
        RenderProviders();

        var checker = Render<GuardrailChecker>(p => p.Add(x => x.Brand, VoiceSamples.Brand()).Add(x => x.Delay, TimeSpan.Zero));
        checker.Find(".checker-text textarea").Input("Write to bob@example.com today.");

        checker.WaitForAssertion(() =>
        {
            var mark = checker.Find("mark.span-pii");
            Assert.Equal("bob@example.com", mark.TextContent);
            Assert.Contains("blocking", mark.ClassList);
            Assert.Contains("Blocked: pii", checker.Find(".checker-verdict").TextContent, StringComparison.Ordinal);
            Assert.Equal("Write to [EMAIL] today.", checker.Find(".checker-redacted").TextContent);
        }, Deadline);
    }

    [Fact]
    public void The_snippet_library_shows_win_rates_with_their_interval_and_records_outcomes()
    {
        Api.OnJson(HttpMethod.Get, "/api/brand-voice/snippets", new[] { VoiceSamples.Snippet() });
        Api.OnJson(HttpMethod.Post, "/api/brand-voice/snippets/snip_01a/usage", VoiceSamples.Snippet());
        RenderProviders();

        var library = Render<SnippetLibrary>(p => p.Add(x => x.Brand, VoiceSamples.Brand()));
        library.WaitForAssertion(() => Assert.Equal("60% (25%–90%)", library.Find(".snippet-winrate").TextContent), Deadline);
        library.Find("button[aria-label='Converted']").Click();

        library.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Uri.AbsolutePath == "/api/brand-voice/snippets/snip_01a/usage"
            && r.Body!.Contains("\"outcome\":\"conversion\"", StringComparison.Ordinal)), Deadline);
    }

    [Fact]
    public void A_snippet_is_edited_in_place_keeping_its_win_rate_when_asked_and_removed_after_confirming()
    {
        Api.OnJson(HttpMethod.Get, "/api/brand-voice/snippets", new[] { VoiceSamples.Snippet() });
        Api.OnJson(HttpMethod.Patch, "/api/brand-voice/snippets/snip_01a", VoiceSamples.Snippet());
        Api.OnJson(HttpMethod.Delete, "/api/brand-voice/snippets/snip_01a", VoiceSamples.Snippet());
        RenderProviders();

        var library = Render<SnippetLibrary>(p => p.Add(x => x.Brand, VoiceSamples.Brand()));
        library.WaitForAssertion(() => library.Find("button[aria-label='Edit snippet']"), Deadline);
        library.Find("button[aria-label='Edit snippet']").Click();
        library.Find(".snippet-edit-text input").Input("Fresh ideas, every morning");
        library.Find(".snippet-keep-stats input").Change(true);
        library.Find("button.snippet-save").Click();

        library.WaitForAssertion(() =>
        {
            var patch = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Patch);
            Assert.Contains("\"snippet\":\"Fresh ideas, every morning\"", patch.Body, StringComparison.Ordinal);
            Assert.Contains("\"keepStats\":true", patch.Body, StringComparison.Ordinal);
            Assert.Empty(library.FindAll(".snippet-edit-text"));
        }, Deadline);

        library.Find("button[aria-label='Remove snippet']").Click();
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Delete);
        library.Find("button.snippet-remove-confirm").Click();
        library.WaitForAssertion(() => Assert.Single(Api.Requests, r => r.Method == HttpMethod.Delete && r.Uri.AbsolutePath == "/api/brand-voice/snippets/snip_01a"), Deadline);
    }

    [Fact]
    public void Segments_split_text_at_findings_and_skip_overlaps()
    {
        var segments = VoiceDisplay.Segments("call 555 or mail a@b.co",
        [
            new GuardrailFinding("pii", true, "phone", 5, 3),
            new GuardrailFinding("pii", true, "overlap", 6, 4),
            new GuardrailFinding("pii", true, "email", 17, 6),
        ]);

        Assert.Equal(["call ", "555", " or mail ", "a@b.co"], segments.Select(s => s.Text));
        Assert.Equal([null, "pii", null, "pii"], segments.Select(s => s.Code));
    }
}
