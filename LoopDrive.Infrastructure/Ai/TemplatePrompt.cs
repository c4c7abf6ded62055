using System.Text.Json;
using LoopDrive.Core.Voice.Prompts;

namespace LoopDrive.Infrastructure.Ai;

/// <summary>What the template writer reads back from a rendered compose prompt (the labelled lines of <see cref="PromptSections"/>).</summary>
internal sealed record TemplatePrompt(
    string Brand,
    string Tone,
    string Channel,
    string Objective,
    string FirstName,
    IReadOnlyList<string> Topics,
    IReadOnlyList<(string Id, string Kind, string Text)> Memories,
    IReadOnlyDictionary<string, string> Snippets,
    int Variants,
    string Urgency,
    string CtaStyle,
    bool IncludeEmoji,
    bool HasOffer,
    bool IncludeLink,
    bool HasInbound)
{
    public static TemplatePrompt Parse(string prompt)
    {
        string Line(string label, string fallback)
        {
            foreach (var raw in prompt.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith(label, StringComparison.Ordinal)) return line[label.Length..].Trim() is { Length: > 0 } v ? v : fallback;
            }
            return fallback;
        }

        List<string> Block(string label)
        {
            var lines = new List<string>();
            var inside = false;
            foreach (var raw in prompt.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith(label, StringComparison.Ordinal)) { inside = true; continue; }
                if (!inside) continue;
                if (!line.StartsWith("- ", StringComparison.Ordinal)) break;
                lines.Add(line[2..]);
            }
            return lines;
        }

        var memories = new List<(string, string, string)>();
        foreach (var entry in Block(PromptSections.Memories))
        {
            // "[mem_x] (kind) text"
            var close = entry.IndexOf(']');
            var kindClose = entry.IndexOf(')', Math.Max(0, close));
            if (entry.StartsWith('[') && close > 0 && kindClose > close)
                memories.Add((entry[1..close], entry[(close + 3)..kindClose], entry[(kindClose + 1)..].Trim()));
        }
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Block(PromptSections.Snippets))
        {
            // "[snip_x] usage: text"
            var close = entry.IndexOf(']');
            var colon = entry.IndexOf(':', Math.Max(0, close));
            if (entry.StartsWith('[') && close > 0 && colon > close) snippets.TryAdd(entry[(close + 1)..colon].Trim(), entry[(colon + 1)..].Trim());
        }

        var constraints = Line(PromptSections.Constraints, "{}");
        string urgency = "low", ctaStyle = "direct";
        bool emoji = false, offer = false, link = true;
        try
        {
            using var doc = JsonDocument.Parse(constraints);
            var root = doc.RootElement;
            if (root.TryGetProperty("urgency", out var u) && u.ValueKind == JsonValueKind.String) urgency = u.GetString()!;
            if (root.TryGetProperty("ctaStyle", out var c) && c.ValueKind == JsonValueKind.String) ctaStyle = c.GetString()!;
            if (root.TryGetProperty("includeEmoji", out var e) && e.ValueKind is JsonValueKind.True) emoji = true;
            if (root.TryGetProperty("includeLink", out var l) && l.ValueKind is JsonValueKind.False) link = false;
            if (root.TryGetProperty("offer", out var o) && o.ValueKind == JsonValueKind.String && o.GetString() != "none") offer = true;
        }
        catch (JsonException)
        {
            // A custom prompt pack may word its constraints freely; the defaults above then apply.
        }

        var inboundStart = prompt.IndexOf(PromptSections.InboundStart, StringComparison.Ordinal);
        var inboundEnd = prompt.IndexOf(PromptSections.InboundEnd, StringComparison.Ordinal);
        var inbound = inboundStart >= 0 && inboundEnd > inboundStart
            ? prompt[(inboundStart + PromptSections.InboundStart.Length)..inboundEnd].Trim() : "";

        var topics = Line(PromptSections.Topics, "none");
        return new TemplatePrompt(
            Line(PromptSections.Brand, "our team"),
            Line(PromptSections.Tone, "friendly"),
            Line(PromptSections.Channel, "email"),
            Line(PromptSections.Objective, "nurture"),
            Line(PromptSections.FirstName, "there"),
            topics == "none" ? [] : [.. topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            memories,
            snippets,
            int.TryParse(Line(PromptSections.Variants, "2"), out var n) ? Math.Clamp(n, 0, 5) : 2,
            urgency, ctaStyle, emoji, offer, link,
            inbound.Length > 0 && inbound != "(none)");
    }
}
