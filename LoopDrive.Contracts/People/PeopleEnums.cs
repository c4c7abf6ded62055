namespace LoopDrive.Contracts.People;

/// <summary>The enums of CONTRACT.md §2 that the person graph accepts. Values are exact, lower-case.</summary>
public static class PeopleEnums
{
    public static readonly IReadOnlyList<string> IdentityTypes =
        ["email", "phone", "instagram", "facebook", "x", "reddit", "whatsapp", "tiktok", "youtube", "linkedin", "shopify", "stripe", "ga4", "crm"];

    public static readonly IReadOnlyList<string> Channels =
        ["email", "sms", "instagram", "facebook", "x", "reddit", "whatsapp", "tiktok", "youtube", "linkedin", "site"];

    /// <summary>Channel plus <c>dm</c> and <c>ads</c> (D24).</summary>
    public static readonly IReadOnlyList<string> ConsentChannels = [.. Channels, "dm", "ads"];

    public static readonly IReadOnlyList<string> ConsentStatuses = ["granted", "revoked", "pending", "unknown"];

    public static readonly IReadOnlyList<string> ConsentScopes = ["marketing", "transactional", "both"];

    public static readonly IReadOnlyList<string> MemoryKinds = ["fact", "intent", "message", "document", "objection", "preference"];

    public static readonly IReadOnlyList<string> TopicSources = ["inferred", "explicit", "manual"];

    public static readonly IReadOnlyList<string> ObjectiveTypes =
        ["nurture", "winback", "demo_book", "upsell", "cross_sell", "onboard", "support", "education"];

    public static readonly IReadOnlyList<string> ObjectiveStatuses = ["active", "paused", "completed", "abandoned"];
}
