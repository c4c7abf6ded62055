namespace LoopDrive.Core.People;

/// <summary>How each identity type is normalized and how much a match on it is worth.</summary>
public static class IdentityTypes
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string WhatsApp = "whatsapp";

    /// <summary>Platforms whose handles ignore case, so <c>@Ada</c> and <c>ada</c> are one account.</summary>
    private static readonly HashSet<string> CaseInsensitiveHandles =
        ["instagram", "facebook", "x", "reddit", "tiktok", "youtube", "linkedin"];

    /// <summary>Identifiers issued by a system (a Stripe customer, a CRM record): exact, and near-certain.</summary>
    private static readonly HashSet<string> SystemIds = ["shopify", "stripe", "ga4", "crm"];

    public static bool IsCaseInsensitiveHandle(string type) => CaseInsensitiveHandles.Contains(type);

    public static bool IsSystemId(string type) => SystemIds.Contains(type);

    /// <summary>
    /// The confidence a match on one identity gives that it is the same person. Documented in the
    /// README: system ids 0.97, emails 0.95 (verified 0.99), phones 0.90 (0.98), social handles
    /// 0.80 (0.95). Verified means the person proved they control it (a click, a reply, a code).
    /// </summary>
    public static double MatchConfidence(string type, bool verified) => type switch
    {
        _ when IsSystemId(type) => 0.97,
        Email => verified ? 0.99 : 0.95,
        Phone or WhatsApp => verified ? 0.98 : 0.90,
        _ => verified ? 0.95 : 0.80,
    };
}
