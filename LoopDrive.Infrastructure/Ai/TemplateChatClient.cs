using System.Text.Json;
using LoopDrive.Core.Voice.Compose;
using LoopDrive.Core.Voice.Prompts;
using Microsoft.Extensions.AI;

namespace LoopDrive.Infrastructure.Ai;

/// <summary>
/// The offline writer: reads the rendered compose prompt (brand, recipient, topics, memories,
/// snippets, constraints) and answers the same JSON schema a model would, built from those parts
/// so the copy is personal, not canned. It never reads the inbound block as instructions — only
/// whether there is one. Same prompt and seed → same text.
/// </summary>
public sealed class TemplateChatClient : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new("loopdrive-template", defaultModelId: VoiceChatClients.TemplateModelName);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var prompt = string.Join("\n", list.Where(m => m.Role == ChatRole.User).Select(m => m.Text));
        var parsed = TemplatePrompt.Parse(prompt);
        var seed = (int)((options?.Seed ?? 0) & 0x7fffffff);
        var output = new List<object>();
        for (var i = 0; i <= parsed.Variants; i++) output.Add(Write(parsed, seed, i));
        var json = JsonSerializer.Serialize(new { primary = output[0], variants = output.Skip(1) });
        var inputTokens = list.Sum(m => m.Text?.Length ?? 0) / 4;
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, json))
        {
            ModelId = VoiceChatClients.TemplateModelName,
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = json.Length / 4, TotalTokenCount = inputTokens + json.Length / 4 },
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // Holds nothing that needs releasing.
    }

    private static object Write(TemplatePrompt p, int seed, int index)
    {
        var random = new Random(unchecked(seed + index * 7919));
        string Pick(string[] options) => options[random.Next(options.Length)];
        var bank = TemplatePhrases.For(p.Objective);
        var useSnippets = index % 2 == 0;
        var topic = p.Topics.Count > 0 ? p.Topics[Math.Min(index, p.Topics.Count - 1) % p.Topics.Count] : null;
        var kind = p.Channel switch { "email" => "email", "sms" => "sms", _ => "dm" };

        // Email opens with a line of its own; short channels run on, so their greeting ends a sentence.
        var greeting = kind == "email" ? $"Hi {p.FirstName},"
            : kind == "dm" && p.Tone is "casual" or "friendly" or "witty" or "conversational" ? $"Hey {p.FirstName}!" : $"Hi {p.FirstName}!";
        if (p.IncludeEmoji && kind != "email") greeting += " 👋";

        var sentences = new List<string>();
        if (p.HasInbound) sentences.Add("Thanks for your message.");
        var opening = useSnippets && p.Snippets.TryGetValue("opening", out var snippetOpening) ? snippetOpening : Pick(TemplatePhrases.Openings);
        if (kind != "sms" || !p.HasInbound) sentences.Add(opening);
        if (p.Memories.Count > 0)
        {
            var memory = p.Memories[index % p.Memories.Count];
            sentences.Add($"{Pick(TemplatePhrases.MemoryIntros)}: \"{memory.Text.TrimEnd('.')}\".");
        }
        sentences.Add(topic is null ? Pick(bank.Lines) : Pick(bank.TopicLines).Replace("{topic}", topic, StringComparison.Ordinal));
        if (p.HasOffer) sentences.Add(PromptSections.OfferPlaceholder + " is yours if you want it.");
        if (p.Urgency == "high") sentences.Add("It takes five minutes, so today is a good day for it.");
        else if (p.Urgency == "medium") sentences.Add("This week is a good time to try it.");

        var cta = useSnippets && p.Snippets.TryGetValue("cta", out var snippetCta) ? snippetCta : Pick(p.CtaStyle switch
        {
            "question" => bank.Question,
            "soft" => bank.Soft,
            "value" => bank.Soft,
            _ => bank.Direct,
        });
        var ctaLine = !p.IncludeLink ? cta
            : cta.EndsWith('?') ? cta + " " + PromptSections.LinkPlaceholder
            : cta.TrimEnd('.', '!') + ": " + PromptSections.LinkPlaceholder;

        string body;
        string? subject = null, ps = null;
        if (kind == "email")
        {
            body = greeting + "\n\n" + string.Join(" ", sentences) + "\n\n" + ctaLine;
            subject = useSnippets && p.Snippets.TryGetValue("subject", out var snippetSubject)
                ? snippetSubject
                : Pick(bank.Subjects).Replace("{name}", p.FirstName, StringComparison.Ordinal).Replace("{topic}", topic ?? p.Brand, StringComparison.Ordinal);
            ps = useSnippets && p.Snippets.TryGetValue("ps", out var snippetPs) ? snippetPs : Pick(bank.Ps);
        }
        else
        {
            body = greeting + " " + string.Join(" ", sentences) + " " + ctaLine;
        }
        return new { subject, body, cta, ps };
    }
}
