namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>
/// Curated lists with weights. Profanity is any listed word; toxicity is the weighted share of
/// hostile language, so one mild word in a long message stays low while insults add up.
/// </summary>
public static class WordLists
{
    /// <summary>Profane words (matched as whole words, case-insensitive) with severity 0–1.</summary>
    public static readonly IReadOnlyDictionary<string, double> Profanity = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["fuck"] = 1.0, ["fucking"] = 1.0, ["shit"] = 0.8, ["bullshit"] = 0.8, ["bitch"] = 0.9, ["bastard"] = 0.8,
        ["asshole"] = 0.9, ["dick"] = 0.7, ["crap"] = 0.4, ["damn"] = 0.3, ["piss"] = 0.5, ["wtf"] = 0.6,
    };

    /// <summary>Hostile or demeaning words and phrases with weights 0–1.</summary>
    public static readonly IReadOnlyDictionary<string, double> Toxic = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["idiot"] = 0.8, ["stupid"] = 0.6, ["moron"] = 0.8, ["loser"] = 0.6, ["pathetic"] = 0.6, ["worthless"] = 0.7,
        ["dumb"] = 0.5, ["hate you"] = 0.9, ["shut up"] = 0.7, ["disgusting"] = 0.5, ["kill yourself"] = 1.0,
        ["ugly"] = 0.4, ["incompetent"] = 0.5, ["useless"] = 0.4, ["trash"] = 0.4,
    };

    /// <summary>Phrases that push a message towards spam filters, with weights.</summary>
    public static readonly IReadOnlyDictionary<string, double> SpamTriggers = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["act now"] = 0.15, ["100% free"] = 0.2, ["free money"] = 0.25, ["risk-free"] = 0.1, ["risk free"] = 0.1,
        ["click here"] = 0.15, ["buy now"] = 0.1, ["limited time"] = 0.1, ["once in a lifetime"] = 0.15,
        ["guaranteed"] = 0.1, ["no credit check"] = 0.2, ["winner"] = 0.15, ["you have been selected"] = 0.2,
        ["cash bonus"] = 0.2, ["double your"] = 0.2, ["earn money"] = 0.2, ["urgent"] = 0.1, ["miracle"] = 0.15,
        ["congratulations"] = 0.1, ["order now"] = 0.1, ["special promotion"] = 0.1, ["no obligation"] = 0.1,
    };

    /// <summary>Words that lean a message positive or negative (a small lexicon; sentiment is a warning, never a block).</summary>
    public static readonly IReadOnlyDictionary<string, double> Sentiment = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["great"] = 1, ["love"] = 1, ["happy"] = 1, ["glad"] = 1, ["thanks"] = 0.6, ["thank"] = 0.6, ["excited"] = 1,
        ["enjoy"] = 0.8, ["welcome"] = 0.6, ["easy"] = 0.5, ["helpful"] = 0.8, ["better"] = 0.5, ["delighted"] = 1,
        ["sorry"] = -0.4, ["unfortunately"] = -0.6, ["problem"] = -0.5, ["fail"] = -0.8, ["failed"] = -0.8,
        ["bad"] = -0.8, ["terrible"] = -1, ["awful"] = -1, ["angry"] = -1, ["disappointed"] = -0.8, ["never"] = -0.3,
        ["hate"] = -1, ["worst"] = -1, ["annoying"] = -0.8, ["lose"] = -0.6, ["miss out"] = -0.4,
    };

    /// <summary>Wording that tells an SMS recipient how to opt out.</summary>
    public static readonly IReadOnlyList<string> SmsOptOut = ["reply stop", "text stop", "stop to opt out", "stop to unsubscribe", "stop to end", "msg stop"];

    /// <summary>The placeholder the email sender replaces with the recipient's unsubscribe link.</summary>
    public const string UnsubscribePlaceholder = "{{unsubscribe_url}}";
}
