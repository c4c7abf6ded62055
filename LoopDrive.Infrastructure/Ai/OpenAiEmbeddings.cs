using Microsoft.Extensions.AI;

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
    public static IEmbeddingGenerator<string, Embedding<float>> Create(OpenAiOptions openAi, string model, HttpClient? transport = null) =>
        openAi.CreateClient(transport).GetEmbeddingClient(model).AsIEmbeddingGenerator();
}
