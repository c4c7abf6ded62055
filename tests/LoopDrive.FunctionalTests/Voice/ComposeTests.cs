using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice.Compose;
using LoopDrive.Core.Voice.Guardrails;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Voice;

public sealed class ComposeTests(TestServers servers) : VoiceTest(servers)
{
    [Fact]
    public async Task Offline_compose_uses_the_persons_memories_and_the_librarys_snippets_and_runs_guardrails()
    {
        var brand = await CreateBrandAsync();
        var person = await CreatePersonAsync();
        var subject = await CreateSnippetAsync(brand.Id, "email", "demo_book", "Ana, your bakery dashboard in 15 minutes", "subject");
        var opening = await CreateSnippetAsync(brand.Id, "email", "demo_book", "Fresh mornings start with fewer spreadsheets.", "opening");

        var response = await Client.PostAsJsonAsync("/api/brand-voice/compose", new ComposeRequest(brand.Id, null, "email", "demo_book", person,
            Constraints: new ComposeConstraints(MaxVariants: 2)));
        var result = (await response.Content.ReadFromJsonAsync<ComposeResult>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ComposeMessage.SourceTemplate, result.Meta.Source);
        Assert.Equal(VoiceChatClients.TemplateModelName, result.Metadata.Model);
        Assert.Equal((result.Meta.Model, result.Meta.TokensUsed, result.Meta.LatencyMs), (result.Metadata.Model, result.Metadata.TokensUsed, result.Metadata.LatencyMs));
        Assert.Equal(2, result.Variants.Count);
        Assert.Equal(3, result.SubjectLines.Count);
        Assert.Equal(3, result.HtmlVariants.Count);
        Assert.Equal(result.Primary.Body, result.Body);
        Assert.Equal(subject.Snippet, result.Primary.Subject);
        Assert.Contains(opening.Snippet, result.Primary.Body);
        Assert.Contains(subject.Id, result.Metadata.SnippetsUsed);
        Assert.Contains(opening.Id, result.Metadata.SnippetsUsed);
        Assert.Contains("Ana", result.Primary.Body);
        Assert.Contains("book a demo of the ordering dashboard", result.Primary.Body, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(result.Metadata.MemoriesUsed);
        var memories = await Client.GetFromJsonAsync<Memory[]>($"/api/person/{person}/memory");
        var objection = memories!.Single(m => m.Kind == "objection");
        Assert.DoesNotContain(objection.Id, result.Metadata.MemoriesUsed);
        Assert.DoesNotContain("price is too high", result.Primary.Body + string.Concat(result.Variants.Select(v => v.Body)));
        Assert.Contains("https://northwind.example", result.Primary.Body);
        Assert.Contains(WordLists.UnsubscribePlaceholder, result.Primary.Body);
        Assert.Equal(3, result.Metadata.GuardrailResults.Count);
        Assert.All(result.Metadata.GuardrailResults, c => Assert.True(c.Safe, string.Join(",", c.Violations)));
        Assert.Equal(12, result.Meta.Guardrails.Count);
        Assert.Equal("email_demo_book@v0", result.Metadata.PromptVersion);
        Assert.StartsWith("cmp_", result.Meta.CompositionId);
    }

    [Fact]
    public async Task The_same_request_writes_the_same_text_and_another_seed_may_differ()
    {
        var brand = await CreateBrandAsync();
        var person = await CreatePersonAsync();
        var request = new ComposeRequest(brand.Id, null, "instagram", "nurture", person, Seed: 11);

        var first = await (await Client.PostAsJsonAsync("/brand-voice/compose", request)).Content.ReadFromJsonAsync<ComposeResult>();
        var second = await (await Client.PostAsJsonAsync("/brand-voice/compose", request)).Content.ReadFromJsonAsync<ComposeResult>();

        Assert.Equal(first!.Primary, second!.Primary);
        Assert.Equal(first.Variants, second.Variants);
        Assert.Empty(first.SubjectLines);
        Assert.Empty(first.HtmlVariants);
        Assert.Null(first.Primary.Subject);
    }

    [Fact]
    public async Task An_sms_fits_its_segment_budget_carries_the_opt_out_and_honours_no_emoji()
    {
        var brand = await CreateBrandAsync();
        var person = await CreatePersonAsync();

        var result = await (await Client.PostAsJsonAsync("/api/brand-voice/compose", new ComposeRequest(brand.Id, null, "sms", "winback", person,
            Constraints: new ComposeConstraints(MaxChars: 160, IncludeEmoji: false, MaxVariants: 3, Urgency: "high")))).Content.ReadFromJsonAsync<ComposeResult>();

        foreach (var message in result!.Variants.Prepend(result.Primary))
        {
            Assert.True(message.Body.Length <= 160, message.Body);
            Assert.Equal(1, SmsSegmenter.Count(message.Body).Segments);
            Assert.EndsWith(CopyFinisher.SmsOptOut, message.Body);
            Assert.False(Emoji.Contains(message.Body));
        }
        Assert.Equal(3, result.Variants.Count);
        Assert.All(result.Metadata.GuardrailResults, c => Assert.DoesNotContain(GuardrailCodes.Compliance, c.Violations));
    }

    [Fact]
    public async Task Compose_without_consent_is_refused_unless_it_is_a_preview()
    {
        var brand = await CreateBrandAsync();
        var resolved = await (await Client.PostAsJsonAsync("/api/person/resolve", new { email = "no@example.com", firstName = "Noor" }))
            .Content.ReadFromJsonAsync<PersonResolutionResult>();
        var id = resolved!.Person.Id;

        var refused = await Client.PostAsJsonAsync("/api/brand-voice/compose", new ComposeRequest(brand.Id, null, "email", "nurture", id));
        var preview = await Client.PostAsJsonAsync("/api/brand-voice/compose", new ComposeRequest(brand.Id, null, "email", "nurture", id, Purpose: "preview"));

        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no_consent");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Noor", (await preview.Content.ReadFromJsonAsync<ComposeResult>())!.Primary.Body);
    }

    [Fact]
    public async Task Bad_compose_input_answers_400_and_foreign_ids_404()
    {
        var brand = await CreateBrandAsync();
        var person = await CreatePersonAsync();
        var (_, otherKey) = await CreateWorkspaceAsync("elsewhere");
        var other = ClientWithKey(otherKey);

        async Task Bad(object body, string field)
        {
            var response = await Client.PostAsJsonAsync("/api/brand-voice/compose", body);
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error on {field}");
        }

        await Bad(new { channel = "pigeon", objective = "nurture", personId = person }, "channel");
        await Bad(new { channel = "email", objective = "Not Valid!", personId = person }, "objective");
        await Bad(new { channel = "email", objective = "nurture", personId = person, constraints = new { maxVariants = 6 } }, "constraints.maxVariants");
        await Bad(new { channel = "email", objective = "nurture", personId = person, constraints = new { maxVariants = 0 } }, "constraints.maxVariants");
        await Bad(new { channel = "sms", objective = "nurture", personId = person, constraints = new { maxChars = 20 } }, "constraints.maxChars");
        await Bad(new { channel = "email", objective = "nurture", personId = person, draft = "   " }, "draft");
        await Bad(new { channel = "email", objective = "nurture", personId = person, constraints = new { urgency = "asap" } }, "constraints.urgency");
        await Bad(new { channel = "email", objective = "nurture" }, "personId");
        var mismatch = await Client.PostAsJsonAsync("/api/brand-voice/compose", new { channel = "email", objective = "nurture", personId = person, workspaceId = "ws_other" });
        await mismatch.AssertProblemAsync(HttpStatusCode.Forbidden, "workspace_mismatch");
        await (await other.PostAsJsonAsync("/api/brand-voice/compose", new { channel = "email", objective = "nurture", personId = person }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Client.PostAsJsonAsync("/api/brand-voice/compose", new { channel = "email", objective = "nurture", personId = person, brandId = "brand_foreign" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.NotNull(brand);
    }

    [Fact]
    public async Task Analytics_count_compositions_guardrails_and_attributed_conversions()
    {
        var brand = await CreateBrandAsync();
        var person = await CreatePersonAsync();
        var a = await CreateSnippetAsync(brand.Id, "email", "nurture", "Fresh from the oven", "subject");
        var b = await CreateSnippetAsync(brand.Id, "email", "nurture", "Your weekly bread notes", "subject");
        (await Client.PostAsJsonAsync("/api/brand-voice/compose", new ComposeRequest(brand.Id, null, "email", "nurture", person))).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync("/api/brand-voice/compose", new ComposeRequest(brand.Id, null, "sms", "nurture", person))).EnsureSuccessStatusCode();
        await using (var db = Servers.CreateDbContext())
        {
            db.Events.Add(new LoopDrive.Core.Events.Event
            {
                Id = LoopDrive.Core.Common.Ids.New("evt"), WorkspaceId = WorkspaceId, PersonId = person, Type = "conversion.purchase",
                Channel = "sms", Source = "stripe", Payload = "{}", Ts = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var analytics = await Client.GetFromJsonAsync<VoiceAnalytics>($"/brand-voice/{brand.Id}/analytics");
        var foreign = await Client.GetAsync("/api/brand-voice/brand_none/analytics");

        Assert.Equal(1, analytics!.ByChannel["email"].MessagesGenerated);
        Assert.Equal(1, analytics.ByChannel["sms"].MessagesGenerated);
        Assert.Equal(2, analytics.ByObjective["nurture"].MessagesGenerated);
        Assert.Equal(1.0, analytics.ByChannel["sms"].ConversionRate);
        Assert.Equal(0.0, analytics.ByChannel["email"].ConversionRate);
        Assert.Equal(6, analytics.Guardrails.TotalChecks);
        Assert.Equal(1, analytics.Experiments.Active);
        Assert.Contains(Assert.Single(analytics.ByChannel["email"].TopPerformingSnippets), new[] { a.Id, b.Id });
        Assert.Empty(analytics.ByChannel["sms"].TopPerformingSnippets);
        Assert.InRange(analytics.ByChannel["email"].AvgBrandAlignment, 0, 1);
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
