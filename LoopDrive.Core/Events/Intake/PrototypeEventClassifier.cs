using System.Numerics.Tensors;
using LoopDrive.Contracts.Events;
using Microsoft.Extensions.AI;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// The offline classifier: the text's embedding (the local MiniLM model by default) against the
/// centroid of each label's prototypes, cosine similarity, softmax over the labels for a score.
/// Centroids are built once per process on first use.
/// </summary>
public sealed class PrototypeEventClassifier(IEmbeddingGenerator<string, Embedding<float>> embeddings, TimeProvider clock) : IEventClassifier
{
    /// <summary>Cosines of related sentences differ by a few hundredths; a low temperature turns that into a clear score.</summary>
    private const double Temperature = 0.05;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Centroids? _centroids;

    private sealed record Centroids(Dictionary<string, float[]> Intents, Dictionary<string, float[]> Sentiments, Dictionary<string, float[]> Topics, string Model);

    public async Task<EventClassification> ClassifyAsync(string text, CancellationToken cancellationToken) =>
        (await ClassifyManyAsync([text], cancellationToken))[0];

    /// <summary>One embedding call for all the texts, so the model encodes them as one batch.</summary>
    public async Task<IReadOnlyList<EventClassification>> ClassifyManyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0) return [];
        var centroids = await GetCentroidsAsync(cancellationToken);
        var vectors = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken);
        return [.. vectors.Select(v => Classify(centroids, Normalize(v.Vector.ToArray())))];
    }

    private EventClassification Classify(Centroids centroids, float[] vector)
    {
        var (intent, intentScore) = Best(centroids.Intents, vector);
        var (sentiment, sentimentScore) = Best(centroids.Sentiments, vector);
        var (topic, topicScore) = Best(centroids.Topics, vector);
        return new EventClassification(topic, topicScore, intent, intentScore, sentiment, sentimentScore,
            "prototype:" + centroids.Model, clock.GetUtcNow());
    }

    private static (string Label, double Score) Best(Dictionary<string, float[]> centroids, float[] vector)
    {
        var cosines = centroids.Select(c => (c.Key, Cosine: (double)TensorPrimitives.Dot(vector, c.Value))).ToList();
        var max = cosines.Max(c => c.Cosine);
        var total = cosines.Sum(c => Math.Exp((c.Cosine - max) / Temperature));
        var best = cosines.MaxBy(c => c.Cosine);
        return (best.Key, Math.Round(1 / total, 4));
    }

    private async Task<Centroids> GetCentroidsAsync(CancellationToken cancellationToken)
    {
        if (_centroids is { } ready) return ready;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_centroids is { } built) return built;
            string? model = null;
            async Task<Dictionary<string, float[]>> Build(IReadOnlyDictionary<string, string[]> labelled)
            {
                var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
                foreach (var (label, examples) in labelled)
                {
                    var vectors = await embeddings.GenerateAsync(examples, cancellationToken: cancellationToken);
                    model ??= vectors.FirstOrDefault()?.ModelId;
                    var sum = new float[vectors[0].Vector.Length];
                    foreach (var v in vectors) TensorPrimitives.Add(sum, Normalize(v.Vector.ToArray()), sum);
                    result[label] = Normalize(sum);
                }
                return result;
            }
            _centroids = new Centroids(await Build(ClassifierPrototypes.Intents), await Build(ClassifierPrototypes.Sentiments),
                await Build(ClassifierPrototypes.Topics), model ?? "embedding");
            return _centroids;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static float[] Normalize(float[] v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
        return v;
    }
}
