using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Voice.Brands;
using LoopDrive.Core.Voice.Guardrails;
using LoopDrive.Core.Voice.Prompts;
using LoopDrive.Core.Voice.Snippets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoopDrive.Core.Voice.Compose;

/// <summary>
/// Writes to one person in the brand's voice: consent, top topics and the memories most relevant
/// to the objective that may be used in copy; one snippet per slot by Thompson sampling; the
/// brand's prompt pack rendered; the model (or the template writer) asked for a primary and
/// variants as JSON; code applies link, offer, emoji, length and compliance; guardrails run on
/// every message; the composition is recorded. A later <c>*.compose</c> consumer calls this as is.
/// </summary>
public sealed partial class ComposeMessage(
    LoopDriveDbContext db,
    FindPerson findPerson,
    FindBrand findBrand,
    ConsentPolicy consent,
    QueryMemory queryMemory,
    Learning.ChoosePromptVersion choosePrompt,
    IPromptRenderer renderer,
    VoiceChatClients clients,
    LlmCallGate gate,
    AlignmentScorer alignment,
    IOptions<VoiceOptions> options,
    IWorkspaceContext workspace,
    TimeProvider clock,
    ILogger<ComposeMessage> logger)
{
    public const string SourceLlm = "llm";
    public const string SourceTemplate = "template";
    public const string SourceFallback = "template_fallback";
    public const int DefaultVariants = 2;

    private static readonly string[] EmailSlots = ["subject", "opening", "cta", "ps"];
    private static readonly string[] ShortSlots = ["opening", "cta"];

    public async Task<ComposeOutcome> HandleAsync(ComposeInput input, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var workspaceId = workspace.WorkspaceId ?? throw new InvalidOperationException("No workspace is set.");
        var person = await findPerson.HandleAsync(input.PersonId, cancellationToken);
        if (person is null || person.ErasedAt is not null) return new ComposeOutcome.PersonNotFound();
        var brandRow = await findBrand.ResolveAsync(input.BrandId, cancellationToken);
        if (brandRow is null) return new ComposeOutcome.BrandNotFound();
        var brand = BrandProfile.From(brandRow);

        var marketing = input.Objective != "support";
        var now = clock.GetUtcNow();
        var decision = await consent.CanContactAsync(person.Id, input.Channel, marketing ? ContactPurposes.Marketing : ContactPurposes.Transactional, now, cancellationToken);
        if (!decision.Allowed && input.Purpose != "preview") return new ComposeOutcome.NoConsent(decision);

        var o = options.Value;
        var topics = await TopTopicsAsync(person.Id, o.TopicsPerCompose, now, cancellationToken);
        var memoryQuery = string.Join(". ", new[] { ShippedPromptPacks.Goal(input.Objective), string.Join(", ", topics), input.Draft }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var memories = o.MemoriesPerCompose == 0 ? [] : (await queryMemory.HandleAsync(person.Id,
            new QueryMemory.Request(null, o.MemoriesPerCompose, 0.3, memoryQuery, OnlyUsableInCopy: true), cancellationToken))
            .Select(r => r.Memory).ToList();

        var seed = input.Seed ?? ComposeContextBuilder.StableSeed(input);
        var snippets = await PickSnippetsAsync(brand.Id, input.Channel, input.Objective, seed, cancellationToken);
        var variantCount = input.Constraints.MaxVariants ?? DefaultVariants;
        var useCase = ShippedPromptPacks.UseCaseFor(input.Channel, input.Objective);
        var pack = await choosePrompt.HandleAsync(brand.Id, useCase, input.Channel, new Random(seed), cancellationToken);
        var maxChars = input.Constraints.MaxChars ?? input.Constraints.MaxLength ?? PackMaxChars(pack) ?? GuardrailThresholds.MaxChars(input.Channel);
        var variables = ComposeContextBuilder.Variables(brand, input, person, topics, memories, snippets, maxChars, variantCount);
        var system = await renderer.RenderAsync(pack.SystemPrompt, variables, cancellationToken);
        var user = await renderer.RenderAsync(pack.UserPromptTemplate, variables, cancellationToken);
        var promptVersion = $"{pack.UseCase}@v{pack.Version}";

        var written = await WriteAsync(workspaceId, system, user, seed, now, cancellationToken);

        var link = input.Constraints.IncludeLink == false ? null : input.Link ?? input.Constraints.LinkUrl ?? DefaultLink(brand);
        var firstMessage = input.Channel != "sms" || !await db.Compositions.AsNoTracking()
            .AnyAsync(c => c.PersonId == person.Id && c.Channel == "sms" && c.Purpose == "send", cancellationToken);
        brand.RequiredDisclaimers.TryGetValue(input.Channel, out var disclaimer);
        var decisions = new CopyDecisions(input.Channel, link, input.Offer, input.Constraints.IncludeEmoji ?? false, maxChars, marketing, firstMessage, disclaimer);
        var messages = new List<ComposedMessage> { CopyFinisher.Finish(written.Output.Primary, decisions) };
        messages.AddRange(written.Output.Variants.Take(variantCount).Select(v => CopyFinisher.Finish(v, decisions)));

        var texts = messages.Select(CopyFinisher.FullText).ToList();
        // Embedding similarity for the primary (the message that is sent); variants get the rule score, which keeps compose within its latency budget.
        var primaryScore = (await alignment.ScoreManyAsync(brand, brandRow.UpdatedAt, [texts[0]], cancellationToken))[0];
        var scores = texts.Select((t, i) => i == 0 ? primaryScore : Math.Round(GuardrailEngine.LexicalAlignment(t, brand), 3)).ToList();
        var checks = texts.Select((t, i) => GuardrailEngine.Check(t, new GuardrailContext(brand, input.Channel, marketing, firstMessage,
            maxChars, input.Constraints.MinLength, input.Constraints.ReadingLevel, scores[i]))).ToList();

        var snippetIds = snippets.Select(s => s.Id).ToList();
        var memoryIds = memories.Select(m => m.Id).ToList();
        var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var composition = new Composition
        {
            Id = Ids.New(VoiceIds.Composition, clock), WorkspaceId = workspaceId, BrandId = brand.Id, PersonId = person.Id,
            Channel = input.Channel, Objective = input.Objective, Purpose = input.Purpose, Source = written.Source, Model = written.Model,
            PromptVersion = promptVersion, TokensUsed = written.Tokens, LatencyMs = latency, SnippetsUsed = snippetIds, MemoriesUsed = memoryIds,
            Messages = ModelOutput.Serialize(messages[0], messages.Skip(1)),
            Guardrails = JsonSerializer.Serialize(checks, ModelOutput.Web),
            ViolationCodes = [.. checks.SelectMany(c => c.Violations).Distinct()],
            Safe = checks.All(c => c.Safe), BrandAlignment = scores[0], Sentiment = checks[0].Details?.Sentiment ?? 0, CreatedAt = now,
        };
        db.Compositions.Add(composition);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Composed {CompositionId} for {Channel}/{Objective} with {Source} ({Tokens} tokens, {Memories} memories, {Snippets} snippets, safe {Safe})",
            composition.Id, input.Channel, input.Objective, written.Source, written.Tokens, memoryIds.Count, snippetIds.Count, composition.Safe);

        return new ComposeOutcome.Composed(BuildResult(composition, messages, checks, written.FallbackReason));
    }

    private async Task<List<string>> TopTopicsAsync(string personId, int take, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (take == 0) return [];
        var rows = await db.Topics.AsNoTracking().Where(t => t.PersonId == personId)
            .Select(t => new { t.Name, t.Weight, t.LastSeen }).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(t => TopicWeights.Effective(t.Weight, t.LastSeen, now)).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Take(take).Select(t => t.Name)];
    }

    /// <summary>One snippet per slot; the objective's own snippets first, the channel's others when it has none for a slot.</summary>
    private async Task<List<Snippet>> PickSnippetsAsync(string brandId, string channel, string objective, int seed, CancellationToken cancellationToken)
    {
        var slots = channel == "email" ? EmailSlots : ShortSlots;
        var candidates = await db.Snippets.AsNoTracking()
            .Where(s => s.BrandId == brandId && s.Channel == channel && slots.Contains(s.Usage)).ToListAsync(cancellationToken);
        var random = new Random(seed);
        var picked = new List<Snippet>();
        foreach (var slot in slots)
        {
            var forSlot = candidates.Where(s => s.Usage == slot).ToList();
            var own = forSlot.Where(s => s.Objective == objective).ToList();
            if (ThompsonSelector.Pick(own.Count > 0 ? own : forSlot, random) is { } snippet) picked.Add(snippet);
        }
        return picked;
    }

    /// <summary>The pack's own length default (shipped packs set one per channel); null when it names none.</summary>
    private static int? PackMaxChars(PromptPackVersion pack)
    {
        try
        {
            using var doc = JsonDocument.Parse(pack.Constraints);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("maxChars", out var v) && v.TryGetInt32(out var n) && n > 0 ? n : null;
        }
        catch (JsonException)
        {
            // Stored constraints are validated as a JSON object on the way in; anything else means "no default".
            return null;
        }
    }

    private static string? DefaultLink(BrandProfile brand) =>
        brand.AllowedLinkDomains.Count == 0 ? null : "https://" + brand.AllowedLinkDomains[0];

    private sealed record Written(ModelOutput.Parsed Output, string Source, string Model, int Tokens, string? FallbackReason);

    private async Task<Written> WriteAsync(string workspaceId, string system, string user, int seed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new(ChatRole.System, system), new(ChatRole.User, user)];
        string? reason = null;
        if (clients.Model is { } model)
        {
            var o = options.Value;
            var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            var spent = await db.Compositions.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && c.CreatedAt >= dayStart && c.Source == SourceLlm)
                .SumAsync(c => (long)c.TokensUsed, cancellationToken);
            if (spent >= o.DailyTokenBudget) reason = "token_budget_exhausted";
            else
            {
                using var lease = await gate.TryEnterAsync(workspaceId, cancellationToken);
                if (lease is null) reason = "concurrency_limit";
                else
                {
                    var chatOptions = new ChatOptions
                    {
                        Seed = seed, Temperature = 0.7f, ModelId = clients.ModelName,
                        ResponseFormat = ChatResponseFormat.ForJsonSchema(ModelOutput.Schema, "composition", "A primary message and its variants."),
                    };
                    var tokens = 0;
                    for (var attempt = 1; attempt <= 2; attempt++)
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(o.LlmTimeout);
                        try
                        {
                            var response = await model.GetResponseAsync(messages, chatOptions, timeout.Token);
                            tokens += (int)(response.Usage?.TotalTokenCount ?? 0);
                            if (ModelOutput.TryParse(response.Text) is { } parsed)
                                return new Written(parsed, SourceLlm, response.ModelId ?? clients.ModelName ?? "llm", tokens, null);
                            reason = "invalid_output";
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            reason = "timeout";
                            break;
                        }
                        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException || IsProviderError(e))
                        {
                            LogModelFailure(logger, e.GetType().Name, attempt);
                            reason = "model_error";
                            break;
                        }
                    }
                }
            }
        }

        var templateResponse = await clients.Template.GetResponseAsync(messages, new ChatOptions { Seed = seed }, cancellationToken);
        var output = ModelOutput.TryParse(templateResponse.Text)
            ?? throw new InvalidOperationException("The template writer answered outside the compose schema.");
        return new Written(output, reason is null ? SourceTemplate : SourceFallback, VoiceChatClients.TemplateModelName,
            (int)(templateResponse.Usage?.TotalTokenCount ?? 0), reason);
    }

    /// <summary>Provider SDKs throw their own exception types; any exception from them that is not a bug of ours means "fall back".</summary>
    private static bool IsProviderError(Exception e) => e is not (ArgumentException or NullReferenceException or ObjectDisposedException);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed with {ErrorType} on attempt {Attempt}; the template writer answers")]
    private static partial void LogModelFailure(ILogger logger, string errorType, int attempt);

    private static ComposeResult BuildResult(Composition c, List<ComposedMessage> messages, List<GuardrailCheck> checks, string? fallbackReason)
    {
        var primary = messages[0];
        var variants = messages.Skip(1).ToList();
        var isEmail = c.Channel == "email";
        var guardrails = GuardrailSummary(checks);
        var meta = new ComposeMeta(c.Model, c.Source, c.TokensUsed, c.LatencyMs, guardrails, c.Id, c.PromptVersion, c.BrandId, fallbackReason);
        var metadata = new ComposeMetadata(c.Model, c.TokensUsed, c.LatencyMs, c.SnippetsUsed, c.MemoriesUsed, c.PromptVersion, checks);
        return new ComposeResult(
            isEmail ? [.. messages.Select(m => m.Subject ?? string.Empty)] : [],
            isEmail ? [.. messages.Select(Html)] : [],
            [.. messages.Select(m => m.Body)],
            primary.Body,
            meta,
            primary,
            variants,
            metadata);
    }

    /// <summary>One line per guardrail code over all messages: flagged when any message has a finding of that code.</summary>
    private static List<ComposeGuardrail> GuardrailSummary(List<GuardrailCheck> checks)
    {
        string[] codes =
        [
            GuardrailCodes.Pii, GuardrailCodes.Profanity, GuardrailCodes.Toxicity, GuardrailCodes.SpamScore, GuardrailCodes.ForbiddenWord,
            GuardrailCodes.CompetitorMention, GuardrailCodes.LinkValidation, GuardrailCodes.LengthCheck, GuardrailCodes.Readability,
            GuardrailCodes.BrandAlignment, GuardrailCodes.SentimentCheck, GuardrailCodes.Compliance,
        ];
        return [.. codes.Select(code =>
        {
            var finding = checks.SelectMany((c, i) => (c.Findings ?? []).Select(f => (f, i))).FirstOrDefault(x => x.f.Code == code);
            return finding.f is null
                ? new ComposeGuardrail(code, "passed")
                : new ComposeGuardrail(code, "flagged", (finding.i == 0 ? "primary" : $"variant {finding.i}") + ": " + finding.f.Message);
        })];
    }

    private static string Html(ComposedMessage m)
    {
        var paragraphs = m.Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => "<p>" + WebUtility.HtmlEncode(p.Trim()).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>");
        var html = string.Concat(paragraphs);
        if (m.Ps is { Length: > 0 } ps) html += "<p>" + WebUtility.HtmlEncode(ps) + "</p>";
        // The sender replaces the placeholder; encoding must not break it.
        return html.Replace(WebUtility.HtmlEncode(WordLists.UnsubscribePlaceholder), WordLists.UnsubscribePlaceholder, StringComparison.Ordinal);
    }
}
