using System.ClientModel;
using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Compose;
using LoopDrive.Core.Voice.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenAI;

namespace LoopDrive.Infrastructure.Ai;

/// <summary>Section <c>OpenAI</c>: <c>ApiKey</c> (an AppHost secret parameter), optional <c>Model</c> and <c>Endpoint</c> (Azure OpenAI or a compatible server).</summary>
public sealed class OpenAiOptions
{
    public const string Section = "OpenAI";
    public string? ApiKey { get; set; }
    public string Model { get; set; } = "gpt-4o-mini";
    public string? Endpoint { get; set; }

    /// <summary>
    /// A client for the configured endpoint and key, shared by chat and embeddings.
    /// <paramref name="transport"/> lets a test replay a recorded provider response;
    /// <paramref name="maxRetries"/> overrides the SDK's retry policy.
    /// </summary>
    public OpenAIClient CreateClient(HttpClient? transport, int? maxRetries = null)
    {
        var clientOptions = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(Endpoint)) clientOptions.Endpoint = new Uri(Endpoint);
        if (transport is not null) clientOptions.Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(transport);
        if (maxRetries is { } retries) clientOptions.RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(retries);
        return new OpenAIClient(new ApiKeyCredential(ApiKey ?? ""), clientOptions);
    }
}

public static class ChatRegistration
{
    /// <summary>
    /// The compose writers: the OpenAI chat client when <c>OpenAI:ApiKey</c> is set, and always the
    /// template writer; both behind Microsoft.Extensions.AI with OpenTelemetry (spans carry model
    /// and token counts, not message text). Also the prompt renderer and the Voice options.
    /// </summary>
    public static IHostApplicationBuilder AddLoopDriveChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IPromptRenderer, SemanticKernelPromptRenderer>();
        var openAi = builder.Configuration.GetSection(OpenAiOptions.Section).Get<OpenAiOptions>() ?? new OpenAiOptions();
        builder.Services.AddSingleton(_ => Create(openAi, transport: null));
        return builder;
    }

    /// <summary>Builds the writers; <paramref name="transport"/> lets a test replay a recorded provider response.</summary>
    public static VoiceChatClients Create(OpenAiOptions openAi, HttpClient? transport)
    {
        var template = new TemplateChatClient().AsBuilder().UseOpenTelemetry(sourceName: "LoopDrive.Ai").Build();
        if (string.IsNullOrWhiteSpace(openAi.ApiKey)) return new VoiceChatClients(null, null, template);
        // The model call has its own timeout and fallback in compose; SDK-level retries would only delay it.
        var model = openAi.CreateClient(transport, maxRetries: 0)
            .GetChatClient(openAi.Model).AsIChatClient()
            .AsBuilder().UseOpenTelemetry(sourceName: "LoopDrive.Ai").Build();
        return new VoiceChatClients(model, openAi.Model, template);
    }
}
