namespace LoopDrive.Core.Sends.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>: how inbound provider webhooks are checked and routed.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// The address providers call us at (scheme, host and any path prefix, e.g.
    /// <c>https://hooks.example.com</c>). Twilio signs the URL it called, so behind a proxy the
    /// request's own host is wrong; when unset, the request's scheme and host are used.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Where an inbound message that matches no earlier send (a first contact) is filed.</summary>
    public string? WorkspaceId { get; set; }

    /// <summary>SendGrid timestamps older (or further in the future) than this are refused as replays.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}
