namespace LoopDrive.Core.Voice.Prompts;

/// <summary>
/// The labelled lines of a rendered compose prompt. The shipped templates write them, and the
/// offline template chat client reads them back, so both writers answer from the same prompt.
/// </summary>
public static class PromptSections
{
    public const string Brand = "BRAND:";
    public const string Tone = "TONE:";
    public const string Channel = "CHANNEL:";
    public const string Objective = "OBJECTIVE:";
    public const string FirstName = "RECIPIENT FIRST NAME:";
    public const string Topics = "TOPICS:";
    public const string Memories = "MEMORIES:";
    public const string Snippets = "SNIPPETS:";
    public const string Constraints = "CONSTRAINTS:";
    public const string Variants = "VARIANTS:";
    public const string Draft = "DRAFT:";
    public const string PreferredWords = "PREFERRED WORDS:";
    public const string InboundStart = "<<<INBOUND_DATA";
    public const string InboundEnd = "INBOUND_DATA>>>";
    public const string LinkPlaceholder = "[LINK]";
    public const string OfferPlaceholder = "[OFFER]";

    /// <summary>The variables every shipped template uses (the PromptPack's <c>variables</c>).</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        "brandName", "tone", "audience", "channel", "objective", "firstName", "topics", "memories", "snippets",
        "constraints", "variantCount", "draft", "inbound", "preferredWords", "avoidWords",
    ];
}
