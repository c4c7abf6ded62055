namespace LoopDrive.Contracts.Voice;

/// <summary>The enums of CONTRACT.md §2 the brand voice routes use. Values are exact, lower-case.</summary>
public static class VoiceEnums
{
    public static readonly IReadOnlyList<string> Channels =
        ["email", "sms", "instagram", "facebook", "x", "reddit", "whatsapp", "tiktok", "youtube", "linkedin", "site"];

    public static readonly IReadOnlyList<string> ObjectiveTypes =
        ["nurture", "winback", "demo_book", "upsell", "cross_sell", "onboard", "support", "education"];

    /// <summary>D28: the stored five plus the backend types' four.</summary>
    public static readonly IReadOnlyList<string> SnippetUsages =
        ["subject", "opening", "body", "cta", "ps", "preview", "transition", "closing", "objection_handler"];

    public static readonly IReadOnlyList<string> SnippetOutcomes = ["conversion", "no_conversion"];

    public static readonly IReadOnlyList<string> Urgencies = ["low", "medium", "high"];

    public static readonly IReadOnlyList<string> CtaStyles = ["direct", "soft", "question", "value"];

    public static readonly IReadOnlyList<string> Personalizations = ["high", "medium", "low"];

    public static readonly IReadOnlyList<string> Tones =
        ["professional", "casual", "witty", "empathetic", "authoritative", "friendly", "technical", "conversational", "inspirational"];

    /// <summary>Our flag on compose: <c>send</c> needs consent for the channel, <c>preview</c> does not.</summary>
    public static readonly IReadOnlyList<string> Purposes = ["send", "preview"];
}

/// <summary>GuardrailCode values (CONTRACT.md §2).</summary>
public static class GuardrailCodes
{
    public const string Toxicity = "toxicity";
    public const string Pii = "pii";
    public const string Profanity = "profanity";
    public const string CompetitorMention = "competitor_mention";
    public const string ForbiddenWord = "forbidden_word";
    public const string LinkValidation = "link_validation";
    public const string LengthCheck = "length_check";
    public const string Readability = "readability";
    public const string SpamScore = "spam_score";
    public const string BrandAlignment = "brand_alignment";
    public const string Compliance = "compliance";
    public const string SentimentCheck = "sentiment_check";
}
