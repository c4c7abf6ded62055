using System.Buffers.Binary;
using System.Text;

namespace LoopDrive.Infrastructure.Ai;

/// <summary>
/// Rewrites an ONNX graph so every <c>MatMul</c> by a constant float weight runs on int8 weights:
/// the weight is quantized once, per output column and symmetrically (scale = the column's largest
/// magnitude ÷ 127), and the node becomes ONNX Runtime's <c>DynamicQuantizeMatMul</c>, which
/// quantizes the activations per call and multiplies with the CPU's integer dot-product
/// instructions. Everything else in the model is copied byte for byte. The ONNX file is protocol
/// buffers; only the few fields read here are decoded (ModelProto.graph and opset_import;
/// GraphProto.node and initializer; NodeProto inputs, outputs, name, op_type, domain; TensorProto
/// dims, data_type, name and the float data).
/// </summary>
internal static class Int8WeightGraph
{
    private const int WireVarint = 0, Wire64 = 1, WireLength = 2, Wire32 = 5;
    private const int TensorFloat = 1, TensorInt8 = 3;
    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>The rewritten model, and how many MatMuls now run on int8 weights.</summary>
    public static (byte[] Model, int Quantized) Rewrite(byte[] model)
    {
        var fields = Fields(model).ToList();
        var (graph, quantized) = RewriteGraph(Payload(model, fields.Single(f => f.Number == 7)));
        var output = new MemoryStream(model.Length / 3);
        foreach (var field in fields)
        {
            if (field.Number == 7) WriteLengthField(output, 7, graph);
            else output.Write(model, field.Start, field.End - field.Start);
        }
        // The contrib operators' domain, once.
        if (!fields.Any(f => f.Number == 8 && ReadStrings(Payload(model, f), 1).FirstOrDefault() == MicrosoftDomain))
        {
            var opset = new MemoryStream();
            WriteLengthField(opset, 1, Encoding.UTF8.GetBytes(MicrosoftDomain));
            WriteTag(opset, 2, WireVarint);
            WriteVarint(opset, 1);
            WriteLengthField(output, 8, opset.ToArray());
        }
        return (output.ToArray(), quantized);
    }

    /// <remarks>
    /// Tensors are read in place and only the quantized weights are decoded: copying and decoding
    /// every initializer (the word embeddings alone are 47 MB) made the rewrite take 250–510 ms of
    /// the model's load, against 140–270 ms now.
    /// </remarks>
    private static (byte[] Graph, int Quantized) RewriteGraph(ReadOnlyMemory<byte> graph)
    {
        var fields = Fields(graph).ToList();
        var floatMatrices = fields.Where(f => f.Number == 5).Select(f => TensorHeader.Read(Payload(graph, f)))
            .Where(t => t.IsFloatMatrix).Select(t => t.Name!).ToHashSet(StringComparer.Ordinal);

        // A weight read by anything but a MatMul (as its second input) stays as it is.
        var nodes = fields.Where(f => f.Number == 1).Select(f => Node.Read(Payload(graph, f))).ToList();
        var readElsewhere = nodes.SelectMany(n => n.IsMatMul ? n.Inputs.Take(1) : n.Inputs).ToHashSet(StringComparer.Ordinal);
        var quantizable = nodes.Where(n => n.IsMatMul && n.Inputs.Count == 2 && floatMatrices.Contains(n.Inputs[1]))
            .Select(n => n.Inputs[1]).Where(w => !readElsewhere.Contains(w)).ToHashSet(StringComparer.Ordinal);

        var output = new MemoryStream(graph.Length / 3);
        var nodeIndex = 0;
        var quantized = 0;
        foreach (var field in fields)
        {
            if (field.Number == 1)
            {
                var node = nodes[nodeIndex++];
                if (node.IsMatMul && node.Inputs.Count == 2 && quantizable.Contains(node.Inputs[1]))
                {
                    WriteLengthField(output, 1, node.AsDynamicQuantizeMatMul());
                    quantized++;
                    continue;
                }
            }
            else if (field.Number == 5)
            {
                var tensor = Payload(graph, field);
                var header = TensorHeader.Read(tensor);
                if (header.Name is { } name && quantizable.Contains(name))
                {
                    var (rows, columns) = ((int)header.Dims[0], (int)header.Dims[1]);
                    var (q, scales) = Quantize(FloatValues(tensor, rows * columns), rows, columns);
                    WriteLengthField(output, 5, Tensor(name + Node.WeightSuffix, [rows, columns], TensorInt8, (byte[])(Array)q));
                    WriteLengthField(output, 5, Tensor(name + Node.ScaleSuffix, [columns], TensorFloat, FloatBytes(scales)));
                    continue;
                }
            }
            output.Write(graph.Span[field.Start..field.End]);
        }
        return (output.ToArray(), quantized);
    }

    /// <summary>Per column: scale = largest magnitude ÷ 127, values rounded to the nearest step.</summary>
    internal static (sbyte[] Values, float[] Scales) Quantize(float[] weights, int rows, int columns)
    {
        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                scales[c] = MathF.Max(scales[c], MathF.Abs(weights[r * columns + c]));
        for (var c = 0; c < columns; c++) scales[c] = scales[c] == 0 ? 1 : scales[c] / 127f;
        var q = new sbyte[weights.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                q[r * columns + c] = (sbyte)Math.Clamp(MathF.Round(weights[r * columns + c] / scales[c]), -127, 127);
        return (q, scales);
    }

    private sealed record Node(List<string> Inputs, List<string> Outputs, string? Name, string OpType, string Domain)
    {
        public const string WeightSuffix = "_int8";
        public const string ScaleSuffix = "_int8_scale";

        public bool IsMatMul => OpType == "MatMul" && Domain.Length == 0;

        public static Node Read(ReadOnlyMemory<byte> node) => new(
            ReadStrings(node, 1), ReadStrings(node, 2), ReadStrings(node, 3).FirstOrDefault(),
            ReadStrings(node, 4).FirstOrDefault() ?? "", ReadStrings(node, 7).FirstOrDefault() ?? "");

        public byte[] AsDynamicQuantizeMatMul()
        {
            var node = new MemoryStream();
            foreach (var input in new[] { Inputs[0], Inputs[1] + WeightSuffix, Inputs[1] + ScaleSuffix })
                WriteLengthField(node, 1, Encoding.UTF8.GetBytes(input));
            foreach (var output in Outputs) WriteLengthField(node, 2, Encoding.UTF8.GetBytes(output));
            if (Name is not null) WriteLengthField(node, 3, Encoding.UTF8.GetBytes(Name));
            WriteLengthField(node, 4, "DynamicQuantizeMatMul"u8.ToArray());
            WriteLengthField(node, 7, Encoding.UTF8.GetBytes(MicrosoftDomain));
            return node.ToArray();
        }
    }

    /// <summary>A tensor's name, shape and type, read without its data.</summary>
    private sealed record TensorHeader(string? Name, List<long> Dims, long Type, bool External)
    {
        /// <summary>A float matrix stored in the file (one stored outside it is left alone).</summary>
        public bool IsFloatMatrix => Name is not null && Type == TensorFloat && Dims.Count == 2 && !External;

        public static TensorHeader Read(ReadOnlyMemory<byte> tensor)
        {
            string? name = null;
            var dims = new List<long>();
            var type = 0L;
            var external = false;
            foreach (var field in Fields(tensor))
            {
                switch (field.Number)
                {
                    case 1 when field.Wire == WireVarint: dims.Add(field.Varint); break;
                    case 1 when field.Wire == WireLength: dims.AddRange(PackedVarints(Payload(tensor, field))); break;
                    case 2: type = field.Varint; break;
                    case 8: name = Encoding.UTF8.GetString(Payload(tensor, field).Span); break;
                    case 13 or 14: external = true; break;
                }
            }
            return new TensorHeader(name, dims, type, external);
        }
    }

    /// <summary>A float tensor's values, from <c>raw_data</c> or packed <c>float_data</c>.</summary>
    private static float[] FloatValues(ReadOnlyMemory<byte> tensor, int count)
    {
        var values = new float[count];
        var filled = 0;
        foreach (var field in Fields(tensor))
        {
            if (field.Number is not (4 or 9) || field.Wire != WireLength) continue;
            var bytes = Payload(tensor, field).Span;
            if (filled + bytes.Length / 4 > count) throw new InvalidDataException($"A weight holds more values than its shape's {count}.");
            for (var i = 0; i + 4 <= bytes.Length; i += 4) values[filled++] = BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]);
        }
        return filled == count ? values : throw new InvalidDataException($"A weight holds {filled} values where its shape says {count}.");
    }

    private static byte[] FloatBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static byte[] Tensor(string name, long[] dims, int type, byte[] raw)
    {
        var tensor = new MemoryStream(raw.Length + 64);
        foreach (var dim in dims)
        {
            WriteTag(tensor, 1, WireVarint);
            WriteVarint(tensor, (ulong)dim);
        }
        WriteTag(tensor, 2, WireVarint);
        WriteVarint(tensor, (ulong)type);
        WriteLengthField(tensor, 8, Encoding.UTF8.GetBytes(name));
        WriteLengthField(tensor, 9, raw);
        return tensor.ToArray();
    }

    // Protocol buffers wire format.

    private readonly record struct Field(int Number, int Wire, int Start, int ValueStart, int End, long Varint);

    private static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var start = at;
            var tag = ReadVarint(message.Span, ref at);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            var valueStart = at;
            long varint = 0;
            switch (wire)
            {
                case WireVarint: varint = (long)ReadVarint(message.Span, ref at); break;
                case Wire64: at += 8; break;
                case Wire32: at += 4; break;
                case WireLength:
                    var length = (int)ReadVarint(message.Span, ref at);
                    valueStart = at;
                    at += length;
                    break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wire} in the model.");
            }
            yield return new Field(number, wire, start, valueStart, at, varint);
        }
    }

    /// <summary>A length-delimited field's bytes, in place.</summary>
    private static ReadOnlyMemory<byte> Payload(ReadOnlyMemory<byte> message, Field field) => message[field.ValueStart..field.End];

    private static List<string> ReadStrings(ReadOnlyMemory<byte> message, int number) =>
        [.. Fields(message).Where(f => f.Number == number && f.Wire == WireLength).Select(f => Encoding.UTF8.GetString(Payload(message, f).Span))];

    private static IEnumerable<long> PackedVarints(ReadOnlyMemory<byte> packed)
    {
        var at = 0;
        while (at < packed.Length) yield return (long)ReadVarint(packed.Span, ref at);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> buffer, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    private static void WriteTag(Stream stream, int number, int wire) => WriteVarint(stream, (ulong)((number << 3) | wire));

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    private static void WriteLengthField(Stream stream, int number, byte[] payload)
    {
        WriteTag(stream, number, WireLength);
        WriteVarint(stream, (ulong)payload.Length);
        stream.Write(payload);
    }
}
