using System.Text.Json;

namespace LoopDrive.Core.Sends;

/// <summary>A WhatsApp message template approved in the business account, named by a send's metadata (<c>whatsappTemplate</c>).</summary>
public sealed record DmTemplate(string Name, string Language);

/// <summary>What the gate needs to judge a platform's messaging window for one send.</summary>
/// <param name="LastInbound">The person's latest inbound message on the channel, if any.</param>
/// <param name="Template">The template the send may fall back to outside the window (WhatsApp only).</param>
/// <param name="HumanAgent">The caller marked the send as a person's own answer (Instagram <c>HUMAN_AGENT</c> tag).</param>
public sealed record MessagingWindowFacts(string Channel, DateTimeOffset? LastInbound, DmTemplate? Template, bool HumanAgent);

/// <summary>How a send may go with respect to its channel's messaging window.</summary>
public enum WindowMode
{
    /// <summary>Inside the window, or a channel without one: the message goes as written.</summary>
    FreeForm,
    /// <summary>WhatsApp outside its 24 hours: the named template goes instead of free text.</summary>
    Template,
    /// <summary>Instagram between 24 hours and 7 days: the message goes with the <c>HUMAN_AGENT</c> tag.</summary>
    HumanAgentTag,
    /// <summary>Outside the window with no way in: the send is skipped.</summary>
    Closed,
}

/// <summary>
/// Meta's messaging windows. WhatsApp allows free-form messages for 24 hours after the person's last
/// inbound message and only approved templates outside them; Instagram allows messages for 24 hours,
/// extended to 7 days for a human agent's answer sent with the <c>HUMAN_AGENT</c> tag. The window is
/// open while <c>now &lt; last inbound + length</c>.
/// </summary>
public static class MessagingWindow
{
    public static readonly TimeSpan Standard = TimeSpan.FromHours(24);
    public static readonly TimeSpan HumanAgentLength = TimeSpan.FromDays(7);

    public const string OutsideCode = "outside_messaging_window";
    public const string TemplateCode = "whatsapp_template";
    public const string HumanAgentCode = "human_agent_tag";

    /// <summary>Metadata keys a caller uses: <c>whatsappTemplate</c> (a name, or <c>{ "name", "language" }</c>) and <c>instagramTag</c> (<c>"HUMAN_AGENT"</c>).</summary>
    public const string TemplateKey = "whatsappTemplate";
    public const string TagKey = "instagramTag";
    public const string HumanAgentTag = "HUMAN_AGENT";
    public const string DefaultTemplateLanguage = "en_US";

    /// <summary>The inbound event types that open a window (what intake records for a person's own message).</summary>
    public static readonly string[] InboundTypes = ["dm.replied", "dm.received", "dm.inbound", "dm.message"];

    public static bool Applies(string channel) => channel is "whatsapp" or "instagram";

    public static (WindowMode Mode, string Detail) Judge(MessagingWindowFacts facts, DateTimeOffset now)
    {
        if (!Applies(facts.Channel)) return (WindowMode.FreeForm, "No messaging window on this channel.");
        var last = facts.LastInbound;
        if (last is { } open && now < open + Standard)
            return (WindowMode.FreeForm, "Inside the 24-hour messaging window.");
        var since = last is { } at ? $"The last inbound {facts.Channel} message was {(now - at).TotalHours:0.#} hours ago" : $"The person never wrote on {facts.Channel}";
        if (facts.Channel == "whatsapp")
        {
            return facts.Template is { } template
                ? (WindowMode.Template, $"{since}: the template '{template.Name}' ({template.Language}) goes instead of free text.")
                : (WindowMode.Closed, $"{since}; outside the 24-hour window only a template may go and the send names none ({TemplateKey}).");
        }
        if (facts.HumanAgent && last is { } answered && now < answered + HumanAgentLength)
            return (WindowMode.HumanAgentTag, $"{since}: sent with the HUMAN_AGENT tag (7-day window).");
        return (WindowMode.Closed, facts.HumanAgent
            ? $"{since}; even the HUMAN_AGENT tag allows only 7 days."
            : $"{since}; outside the 24-hour window (a person's own answer may use {TagKey}: {HumanAgentTag} for 7 days).");
    }

    /// <summary>The window-related choices a send's metadata makes; malformed metadata names none.</summary>
    public static (DmTemplate? Template, bool HumanAgent) ReadMetadata(string? metadata)
    {
        if (string.IsNullOrWhiteSpace(metadata)) return (null, false);
        try
        {
            using var document = JsonDocument.Parse(metadata);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, false);
            DmTemplate? template = null;
            if (root.TryGetProperty(TemplateKey, out var t))
            {
                if (t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } name)
                    template = new DmTemplate(name, DefaultTemplateLanguage);
                else if (t.ValueKind == JsonValueKind.Object && t.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                         && n.GetString() is { Length: > 0 } named)
                {
                    var language = t.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String && l.GetString() is { Length: > 0 } code
                        ? code : DefaultTemplateLanguage;
                    template = new DmTemplate(named, language);
                }
            }
            var human = root.TryGetProperty(TagKey, out var tag) && tag.ValueKind == JsonValueKind.String
                        && string.Equals(tag.GetString(), HumanAgentTag, StringComparison.OrdinalIgnoreCase);
            return (template, human);
        }
        catch (JsonException)
        {
            // The API validates metadata as a JSON object; a row written otherwise simply names no template or tag.
            return (null, false);
        }
    }
}
