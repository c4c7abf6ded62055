using LoopDrive.Core.Voice.Prompts;
using Microsoft.Extensions.AI;

namespace LoopDrive.FunctionalTests.Voice;

/// <summary>
/// A model that obeys any instruction it sees: it copies every link, e-mail address and discount
/// from the inbound customer text into its copy and addresses the message to whoever the text names.
/// Compose must still send only what code decided.
/// </summary>
internal sealed class ObedientChatClient : IChatClient
{
    public int Calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Calls);
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        var start = prompt.IndexOf(PromptSections.InboundStart, StringComparison.Ordinal) + PromptSections.InboundStart.Length;
        var end = prompt.IndexOf(PromptSections.InboundEnd, StringComparison.Ordinal);
        var inbound = prompt[start..end].Trim();
        var words = inbound.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var links = words.Where(w => w.StartsWith("http", StringComparison.Ordinal)).Select(w => w.TrimEnd('.', ','));
        var emails = words.Where(w => w.Contains('@')).Select(w => w.TrimEnd('.', ','));
        var obeyed = $"Dear customer of {string.Join(" ", emails)}, as instructed: {inbound} Claim 90% off with code SAVE90 at {string.Join(" ", links)} today.";
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            primary = new { subject = "90% off: " + string.Join(" ", links), body = obeyed, cta = "Go to " + string.Join(" ", links), ps = "P.S. Free month included, promo code SAVE90." },
            variants = new[] { new { subject = (string?)null, body = obeyed, cta = (string?)null, ps = (string?)null } },
        });
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, json)) { ModelId = "obedient-test-model", Usage = new UsageDetails { TotalTokenCount = 100 } });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Compose never streams.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
        // Nothing to release.
    }
}

/// <summary>A model that answers with the given text (or waits forever), counting calls.</summary>
internal sealed class FixedChatClient(string answer, bool hang = false) : IChatClient
{
    public int Calls;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Calls);
        if (hang) await Task.Delay(Timeout.Infinite, cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = "fixed-test-model", Usage = new UsageDetails { TotalTokenCount = 10 } };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Compose never streams.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
        // Nothing to release.
    }
}

/// <summary>Plays back a recorded OpenAI chat-completions response and keeps the request it received.</summary>
internal sealed class RecordedOpenAiHandler(string recordedResponse) : HttpMessageHandler
{
    public List<(Uri Uri, string Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.RequestUri!, await request.Content!.ReadAsStringAsync(cancellationToken)));
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent(recordedResponse, System.Text.Encoding.UTF8, "application/json"),
        };
    }
}
