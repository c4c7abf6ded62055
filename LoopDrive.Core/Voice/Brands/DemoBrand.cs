namespace LoopDrive.Core.Voice.Brands;

/// <summary>The voice a workspace starts with: friendly, plain, with the compliance a marketing sender needs.</summary>
public static class DemoBrand
{
    public static BrandInput Input(string workspaceName) => new(
        Name: workspaceName,
        Tone: "friendly",
        Audience: "busy small-business owners",
        PreferredVocabulary: ["simple", "save time", "together", "your team"],
        AvoidVocabulary: ["synergy", "leverage", "cheap"],
        BannedPhrases: ["guaranteed results", "act now", "risk-free"],
        Competitors: ["Acme Mail", "Blastly"],
        RequiredDisclaimers: new Dictionary<string, string>(),
        AllowedLinkDomains: ["loopdrive.example"],
        Exemplars:
        [
            "Hi Sam, we noticed your team is sending invoices by hand. LoopDrive can send the reminders for you, so you save time every week.",
            "Thanks for trying the new dashboard! If anything feels slow or confusing, just reply and we will fix it together.",
            "Quick idea for your Friday: schedule next week's follow-ups in five minutes and let us handle the rest.",
        ],
        IsDefault: null);
}
