namespace LoopDrive.Infrastructure.Sends;

/// <summary>Configuration section <c>Meta</c>: Instagram messaging over the Graph API.</summary>
public sealed class MetaOptions
{
    public const string Section = "Meta";

    public string? AccessToken { get; set; }
    /// <summary>The Instagram professional account that sends (its Graph id).</summary>
    public string? InstagramAccountId { get; set; }
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com";
    public string GraphVersion { get; set; } = "v21.0";
}

/// <summary>Configuration section <c>WhatsApp</c>: the WhatsApp Cloud API (Graph).</summary>
public sealed class WhatsAppOptions
{
    public const string Section = "WhatsApp";

    public string? AccessToken { get; set; }
    public string? PhoneNumberId { get; set; }
}

/// <summary>Configuration section <c>X</c>: v2 direct messages with a user-context token.</summary>
public sealed class XOptions
{
    public const string Section = "X";

    public string? BearerToken { get; set; }
    public string BaseUrl { get; set; } = "https://api.x.com";
}
