using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LoopDrive.Infrastructure.Ai;

/// <summary>
/// OpenAI (or Azure OpenAI, or a compatible server) embeddings, used instead of the local model when
/// <c>OpenAI:ApiKey</c> is set. <c>OpenAI:EmbeddingModel</c> names the model. Vectors carry the model
/// id, so memories embedded by another model are never compared with these.
/// </summary>
public static class OpenAiEmbeddings
{
    public const string ModelKey = "OpenAI:EmbeddingModel";
    public const string DefaultModel = "text-embedding-3-small";

    /// <param name="transport">Lets a test replay a recorded provider response.</param>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(OpenAiOptions openAi, string model, HttpClient? transport = null)
    {
        var clientOptions = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(openAi.Endpoint)) clientOptions.Endpoint = new Uri(openAi.Endpoint);
        if (transport is not null) clientOptions.Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(transport);
        return new OpenAIClient(new ApiKeyCredential(openAi.ApiKey ?? ""), clientOptions)
            .GetEmbeddingClient(model)
            .AsIEmbeddingGenerator();
    }
}
