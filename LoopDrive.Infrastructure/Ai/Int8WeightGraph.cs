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
        var graphField = Fields(model).Single(f => f.Number == 7);
        var (graph, quantized) = RewriteGraph(Payload(model, graphField));
        var output = new MemoryStream(model.Length / 3);
        foreach (var field in Fields(model))
        {
            if (field.Number == 7) WriteLengthField(output, 7, graph);
            else output.Write(model, field.Start, field.End - field.Start);
        }
        // The contrib operators' domain, once.
        if (!Fields(model).Any(f => f.Number == 8 && ReadStrings(Payload(model, f), 1).FirstOrDefault() == MicrosoftDomain))
        {
            var opset = new MemoryStream();
            WriteLengthField(opset, 1, Encoding.UTF8.GetBytes(MicrosoftDomain));
            WriteTag(opset, 2, WireVarint);
            WriteVarint(opset, 1);
            WriteLengthField(output, 8, opset.ToArray());
        }
        return (output.ToArray(), quantized);
    }

    private static (byte[] Graph, int Quantized) RewriteGraph(byte[] graph)
    {
        var fields = Fields(graph).ToList();
        var weights = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var field in fields.Where(f => f.Number == 5))
        {
            var tensor = Payload(graph, field);
            if (FloatMatrix(tensor) is not null) weights[ReadStrings(tensor, 8).Single()] = field;
        }

        // A weight read by anything but a MatMul (as its second input) stays as it is.
        var nodes = fields.Where(f => f.Number == 1).Select(f => Node.Read(Payload(graph, f))).ToList();
        var readElsewhere = nodes.SelectMany(n => n.IsMatMul ? n.Inputs.Take(1) : n.Inputs).ToHashSet(StringComparer.Ordinal);
        var quantizable = nodes.Where(n => n.IsMatMul && n.Inputs.Count == 2 && weights.ContainsKey(n.Inputs[1]))
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
                var name = ReadStrings(tensor, 8).FirstOrDefault();
                if (name is not null && quantizable.Contains(name))
                {
                    var (dims, values) = FloatMatrix(tensor)!.Value;
                    var (q, scales) = Quantize(values, (int)dims[0], (int)dims[1]);
                    WriteLengthField(output, 5, Tensor(name + Node.WeightSuffix, [dims[0], dims[1]], TensorInt8, (byte[])(Array)q));
                    WriteLengthField(output, 5, Tensor(name + Node.ScaleSuffix, [dims[1]], TensorFloat, FloatBytes(scales)));
                    continue;
                }
            }
            output.Write(graph, field.Start, field.End - field.Start);
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

        public static Node Read(byte[] node) => new(
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

    private static (long[] Dims, float[] Values)? FloatMatrix(byte[] tensor)
    {
        var dims = new List<long>();
        var type = 0L;
        byte[]? raw = null;
        List<float>? floats = null;
        foreach (var field in Fields(tensor))
        {
            switch (field.Number)
            {
                case 1 when field.Wire == WireVarint: dims.Add(field.Varint); break;
                case 1 when field.Wire == WireLength: dims.AddRange(PackedVarints(Payload(tensor, field))); break;
                case 2: type = field.Varint; break;
                case 4 when field.Wire == WireLength:
                    floats ??= [];
                    var packed = Payload(tensor, field);
                    for (var i = 0; i + 4 <= packed.Length; i += 4) floats.Add(BinaryPrimitives.ReadSingleLittleEndian(packed.AsSpan(i)));
                    break;
                case 9: raw = Payload(tensor, field); break;
                case 13 or 14: return null; // stored outside the file: left alone
            }
        }
        if (type != TensorFloat || dims.Count != 2) return null;
        var values = raw is not null ? FloatsOf(raw) : floats?.ToArray();
        return values is not null && values.Length == dims[0] * dims[1] ? (dims.ToArray(), values) : null;
    }

    private static float[] FloatsOf(byte[] raw)
    {
        var values = new float[raw.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4));
        return values;
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

    private static IEnumerable<Field> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var start = at;
            var tag = ReadVarint(message, ref at);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            var valueStart = at;
            long varint = 0;
            switch (wire)
            {
                case WireVarint: varint = (long)ReadVarint(message, ref at); break;
                case Wire64: at += 8; break;
                case Wire32: at += 4; break;
                case WireLength:
                    var length = (int)ReadVarint(message, ref at);
                    valueStart = at;
                    at += length;
                    break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wire} in the model.");
            }
            yield return new Field(number, wire, start, valueStart, at, varint);
        }
    }

    private static byte[] Payload(byte[] message, Field field) => message[field.ValueStart..field.End];

    private static List<string> ReadStrings(byte[] message, int number) =>
        [.. Fields(message).Where(f => f.Number == number && f.Wire == WireLength).Select(f => Encoding.UTF8.GetString(message, f.ValueStart, f.End - f.ValueStart))];

    private static IEnumerable<long> PackedVarints(byte[] packed)
    {
        var at = 0;
        while (at < packed.Length) yield return (long)ReadVarint(packed, ref at);
    }

    private static ulong ReadVarint(byte[] buffer, ref int at)
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
