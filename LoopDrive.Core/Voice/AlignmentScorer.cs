using System.Numerics.Tensors;
using LoopDrive.Core.Voice.Guardrails;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;

namespace LoopDrive.Core.Voice;

/// <summary>
/// How much a text sounds like the brand, 0–1: 60 % the best cosine similarity between the text's
/// embedding and the brand's exemplar messages (rescaled, since unrelated MiniLM sentences sit near
/// 0.1 and paraphrases above 0.7) — both sides reduced to their <see cref="VoiceSample"/> — 40 % the rule checks of <see cref="GuardrailEngine.LexicalAlignment(string, BrandProfile)"/>.
/// Exemplar vectors are cached per brand version.
/// </summary>
public sealed class AlignmentScorer(IEmbeddingGenerator<string, Embedding<float>> embeddings, IMemoryCache cache)
{
    public sealed record Result(double Score, IReadOnlyList<string> Feedback, double? Similarity);

    public async Task<IReadOnlyList<double>> ScoreManyAsync(BrandProfile brand, DateTimeOffset brandVersion, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var exemplars = await ExemplarVectorsAsync(brand, brandVersion, cancellationToken);
        var similarities = exemplars.Count == 0 || texts.Count == 0 ? null : await SimilaritiesAsync(exemplars, [.. texts.Select(t => VoiceSample.Of(t, brand))], cancellationToken);
        return [.. texts.Select((t, i) => Combine(similarities?[i], GuardrailEngine.LexicalAlignment(t, brand)))];
    }

    public async Task<Result> ScoreAsync(BrandProfile brand, DateTimeOffset brandVersion, string text, CancellationToken cancellationToken)
    {
        var exemplars = await ExemplarVectorsAsync(brand, brandVersion, cancellationToken);
        double? similarity = exemplars.Count == 0 ? null : (await SimilaritiesAsync(exemplars, [VoiceSample.Of(text, brand)], cancellationToken))[0];
        var lexical = GuardrailEngine.LexicalAlignment(text, brand);
        var score = Combine(similarity, lexical);
        var feedback = new List<string>();
        if (similarity is null) feedback.Add("The brand has no exemplar messages; add a few so alignment can compare against its real voice.");
        else if (similarity < 0.35) feedback.Add($"Reads unlike the brand's exemplars (similarity {similarity:0.00}); borrow their sentence length and phrasing.");
        else if (similarity >= 0.6) feedback.Add($"Close to the brand's exemplars (similarity {similarity:0.00}).");
        var check = GuardrailEngine.Check(text, new GuardrailContext(brand, "email", Marketing: false));
        foreach (var f in check.Findings ?? [])
        {
            if (f.Code is Contracts.Voice.GuardrailCodes.ForbiddenWord or Contracts.Voice.GuardrailCodes.CompetitorMention
                or Contracts.Voice.GuardrailCodes.Profanity or Contracts.Voice.GuardrailCodes.Toxicity or Contracts.Voice.GuardrailCodes.Readability
                or Contracts.Voice.GuardrailCodes.SpamScore or Contracts.Voice.GuardrailCodes.SentimentCheck)
                feedback.Add(f.Message);
        }
        var preferred = brand.PreferredVocabulary.Where(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)).ToList();
        if (preferred.Count > 0) feedback.Add("Uses the brand's preferred words: " + string.Join(", ", preferred) + ".");
        else if (brand.PreferredVocabulary.Count > 0) feedback.Add("Uses none of the preferred words; consider: " + string.Join(", ", brand.PreferredVocabulary.Take(4)) + ".");
        if (brand.Tone is "professional" or "authoritative" or "technical" && Emoji.Contains(text))
            feedback.Add($"Emoji do not fit a {brand.Tone} tone.");
        return new Result(score, feedback, similarity is null ? null : Math.Round(similarity.Value, 3));
    }

    private static double Combine(double? similarity, double lexical)
    {
        if (similarity is null) return Math.Round(lexical, 3);
        var semantic = Math.Clamp((similarity.Value - 0.1) / 0.6, 0, 1);
        return Math.Round(0.6 * semantic + 0.4 * lexical, 3);
    }

    private async Task<double[]> SimilaritiesAsync(IReadOnlyList<float[]> exemplars, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var generated = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken);
        var result = new double[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var v = generated[i].Vector.Span;
            var best = 0.0;
            foreach (var e in exemplars)
            {
                if (e.Length == v.Length) best = Math.Max(best, TensorPrimitives.CosineSimilarity(v, e));
            }
            result[i] = best;
        }
        return result;
    }

    private async Task<IReadOnlyList<float[]>> ExemplarVectorsAsync(BrandProfile brand, DateTimeOffset version, CancellationToken cancellationToken)
    {
        if (brand.Exemplars.Count == 0) return [];
        var key = ("voice-exemplars", brand.Id, version);
        if (cache.TryGetValue(key, out IReadOnlyList<float[]>? cached) && cached is not null) return cached;
        var generated = await embeddings.GenerateAsync([.. brand.Exemplars.Select(e => VoiceSample.Of(e, brand))], cancellationToken: cancellationToken);
        IReadOnlyList<float[]> vectors = [.. generated.Select(g => g.Vector.ToArray())];
        cache.Set(key, vectors, TimeSpan.FromHours(1));
        return vectors;
    }
}
