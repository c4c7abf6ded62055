using System.Text;
using System.Text.Json;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.People;
using LoopDrive.Core.Voice.Prompts;

namespace LoopDrive.Core.Voice.Compose;

/// <summary>Builds the prompt variables from what compose gathered. Every value is plain text; customer text is fenced and defused.</summary>
internal static class ComposeContextBuilder
{
    public static Dictionary<string, string> Variables(BrandProfile brand, ComposeInput input, Person person, IReadOnlyList<string> topics,
        IReadOnlyList<MemEmbedding> memories, IReadOnlyList<Snippet> snippets, int maxChars, int variantCount)
    {
        var c = input.Constraints;
        var constraints = new Dictionary<string, object?>
        {
            ["maxChars"] = maxChars,
            ["minLength"] = c.MinLength,
            ["tone"] = c.Tone ?? brand.Tone,
            ["includeEmoji"] = c.IncludeEmoji ?? false,
            ["includeLink"] = c.IncludeLink ?? true,
            ["urgency"] = c.Urgency ?? "low",
            ["readingLevel"] = c.ReadingLevel,
            ["ctaStyle"] = c.CtaStyle ?? "direct",
            ["personalization"] = c.Personalization ?? "high",
            ["offer"] = input.Offer is null ? "none" : "yes (write " + PromptSections.OfferPlaceholder + ")",
        };
        return new Dictionary<string, string>
        {
            ["brandName"] = OneLine(brand.Name),
            ["tone"] = OneLine(c.Tone ?? brand.Tone),
            ["audience"] = OneLine(brand.Audience ?? "our customers"),
            ["channel"] = input.Channel,
            ["objective"] = input.Objective,
            ["firstName"] = OneLine(person.FirstName ?? "there"),
            ["topics"] = topics.Count == 0 ? "none" : string.Join(", ", topics.Select(OneLine)),
            ["memories"] = memories.Count == 0 ? "- none" : string.Join("\n", memories.Select(m => $"- [{m.Id}] ({m.Kind}) {OneLine(m.Text)}")),
            ["snippets"] = snippets.Count == 0 ? "- none" : string.Join("\n", snippets.Select(s => $"- [{s.Id}] {s.Usage}: {OneLine(s.Text)}")),
            ["constraints"] = JsonSerializer.Serialize(constraints.Where(kv => kv.Value is not null).ToDictionary()),
            ["variantCount"] = variantCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["draft"] = input.Draft is null ? "none" : OneLine(Defuse(input.Draft)),
            ["inbound"] = input.Inbound is null ? "(none)" : Defuse(input.Inbound),
            ["preferredWords"] = brand.PreferredVocabulary.Count == 0 ? "none" : string.Join(", ", brand.PreferredVocabulary),
            ["avoidWords"] = string.Join(", ", brand.AvoidVocabulary.Concat(brand.BannedPhrases).Concat(brand.Competitors).DefaultIfEmpty("none")),
        };
    }

    /// <summary>One line, so a value cannot start a new labelled section of the prompt.</summary>
    public static string OneLine(string text) => Defuse(text).Replace('\r', ' ').Replace('\n', ' ').Trim();

    /// <summary>Removes the fence markers and template braces from untrusted text so it can neither close its block nor become template code.</summary>
    public static string Defuse(string text)
    {
        var builder = new StringBuilder(text.Length);
        builder.Append(text.Length > 2_000 ? text[..2_000] : text);
        builder.Replace(PromptSections.InboundStart, "").Replace(PromptSections.InboundEnd, "").Replace("<<<", "« ").Replace(">>>", " »")
            .Replace("{{", "{ {").Replace("}}", "} }");
        return builder.ToString();
    }

    public static int StableSeed(ComposeInput input)
    {
        // FNV-1a over the request's identity: the same request writes the same text unless a seed is given.
        var hash = 2166136261u;
        foreach (var ch in $"{input.PersonId}|{input.Channel}|{input.Objective}|{input.Draft}")
        {
            hash ^= ch;
            hash *= 16777619;
        }
        return (int)(hash & 0x7fffffff);
    }
}
