using System.Text.Json;
using LoopDrive.Contracts.Voice;

namespace LoopDrive.Web.Tests.Voice;

internal static class VoiceSamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public static BrandContract Brand(string id = "brand_01nw", bool isDefault = true) => new(
        id, "Northwind", "friendly", "bakers", ["fresh"], ["synergy"], ["guaranteed results"], ["Contoso"],
        new Dictionary<string, string>(), ["northwind.example"], ["Hi Sam, your orders are ready."], isDefault, At, At);

    public static SnippetContract Snippet(string id = "snip_01a", double winRate = 0.6) => new(
        id, "brand_01nw", "email", "nurture", "Fresh from the oven", "subject", winRate, 3, 2, null, At, At, new WinRateInterval(0.25, 0.9));

    public static GuardrailCheck Check(bool safe = false) => new(
        safe, safe ? [] : [GuardrailCodes.Pii], safe ? null : "Write to [EMAIL] today.",
        new GuardrailDetails(0, safe ? null : ["email"], null, 0.05, 80, 0.7, 0),
        safe ? [] : [new GuardrailFinding(GuardrailCodes.Pii, true, "Contains personal data (email).", 9, 15)],
        null, []);

    public static ComposeResult Compose()
    {
        var primary = new ComposedMessage("Ana, fresh ideas", "Hi Ana,\n\nLast time you mentioned: \"Loves sourdough\". Take a look: https://northwind.example", "Take a look", "P.S. See you soon.");
        var variant = new ComposedMessage("A note for Ana", "Hi Ana,\n\nA quick idea for sourdough.", "Read more");
        var check = Check(safe: true);
        return new ComposeResult(
            [primary.Subject!, variant.Subject!], ["<p>Hi Ana,</p>", "<p>Hi Ana,</p>"], [primary.Body, variant.Body], primary.Body,
            new ComposeMeta("loopdrive-template-v1", "template", 120, 35, [new ComposeGuardrail("pii", "passed"), new ComposeGuardrail("readability", "flagged", "primary: Reading ease 40 is below 45.")],
                "cmp_01x", "email_nurture@v0", "brand_01nw"),
            primary, [variant],
            new ComposeMetadata("loopdrive-template-v1", 120, 35, ["snip_01a"], ["mem_01a"], "email_nurture@v0", [check, check]));
    }

    public static PromptPack Pack(int version = 0) => new("system", "user {{$firstName}}", ["firstName"], null,
        JsonDocument.Parse("{}").RootElement, "email_nurture", "brand_01nw", version, true, version == 0);
}
