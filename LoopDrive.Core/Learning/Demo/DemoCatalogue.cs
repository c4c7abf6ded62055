namespace LoopDrive.Core.Learning.Demo;

/// <summary>
/// The fixed parts of the living demo: its brand, copy, prompt challengers, people's zones and
/// interests, and its budget. The snippets come in deliberately weak, plain and strong versions;
/// their qualities are what the simulated world believes, so the loop has something to find.
/// </summary>
public static class DemoCatalogue
{
    public const string BrandId = "brand_demo";
    public const string AllocationId = "alloc_demo";
    public const string Objective = "nurture";
    public const int Persons = 5000;

    /// <summary>Wallet funding and each channel's share of the allocation, in cents.</summary>
    public const long WalletFunds = 100_000;
    public static readonly IReadOnlyList<(string Channel, long Budget)> ChannelBudgets = [("email", 15_000), ("sms", 20_000), ("whatsapp", 20_000)];

    public static readonly IReadOnlyList<string> Channels = ["email", "sms", "whatsapp"];

    public static readonly IReadOnlyList<string> Topics = ["pricing", "product", "shipping", "events", "support", "sustainability"];

    /// <summary>People live across the world so that, whatever the hour, some are inside their sending window.</summary>
    public static readonly IReadOnlyList<string> Zones =
    [
        "America/Los_Angeles", "America/Chicago", "America/New_York", "America/Sao_Paulo", "Europe/London", "Europe/Berlin",
        "Africa/Johannesburg", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    public static readonly IReadOnlyList<string> FirstNames =
        ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam", "Maya", "Noah", "Olu", "Priya",
         "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe"];

    public static readonly IReadOnlyList<string> LastNames =
        ["Abara", "Berg", "Costa", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura",
         "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber", "Yilmaz", "Zhang"];

    /// <summary>A few things people said; memories are kept few and embedded by the workers after the seed.</summary>
    public static readonly IReadOnlyList<(string Kind, string Text)> Memories =
    [
        ("preference", "Prefers short messages in the evening."),
        ("intent", "Asked whether the yearly plan is cheaper than monthly."),
        ("fact", "Runs a small bakery with two shops."),
        ("objection", "Said the last newsletter came too often."),
        ("preference", "Likes hearing about new products before launch."),
        ("fact", "Ordered twice last spring, both times gifts."),
    ];

    public sealed record DemoSnippet(string Id, string Channel, string Usage, string Text, double Quality);

    /// <summary>Per channel and slot a weak, a plain and a strong snippet (quality 0.5, 1.0, 1.6 in the world).</summary>
    public static readonly IReadOnlyList<DemoSnippet> Snippets = BuildSnippets();

    /// <summary>The snippet qualities the simulated world uses for the demo's copy.</summary>
    public static IReadOnlyDictionary<string, double> SnippetQualities => Snippets.ToDictionary(s => s.Id, s => s.Quality, StringComparer.Ordinal);

    /// <summary>What the challenger prompt (version 2) adds to the shipped instructions; the world rates version 2 above version 1.</summary>
    public const string ChallengerInstruction =
        " Open with one concrete benefit tied to the reader's strongest interest, keep it to the point, and end with a single clear next step.";

    private static List<DemoSnippet> BuildSnippets()
    {
        var copy = new Dictionary<string, (string Weak, string Plain, string Strong)>
        {
            ["subject"] = ("Newsletter #12", "Something new for you this week", "Your Friday shortcut: 5 minutes, done"),
            ["opening"] = ("We are reaching out to inform you about our offerings.", "Hope your week is going well.",
                "You mentioned wanting fewer busy evenings, so here is one idea."),
            ["cta"] = ("Click here for more information.", "Have a look when you have a minute.", "Reply YES and we will set it up for you today."),
            ["ps"] = ("P.S. Terms apply.", "P.S. Questions? Just reply.", "P.S. Most people finish this in under five minutes."),
        };
        var list = new List<DemoSnippet>();
        foreach (var channel in Channels)
        {
            string[] slots = channel == "email" ? ["subject", "opening", "cta", "ps"] : ["opening", "cta"];
            foreach (var usage in slots)
            {
                var (weak, plain, strong) = copy[usage];
                list.Add(new DemoSnippet($"snip_demo_{channel}_{usage}_weak", channel, usage, weak, 0.5));
                list.Add(new DemoSnippet($"snip_demo_{channel}_{usage}_plain", channel, usage, plain, 1.0));
                list.Add(new DemoSnippet($"snip_demo_{channel}_{usage}_strong", channel, usage, strong, 1.6));
            }
        }
        return list;
    }
}
