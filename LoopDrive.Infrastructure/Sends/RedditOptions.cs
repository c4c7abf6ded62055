namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// Configuration section <c>Reddit</c>: private messages through Reddit's OAuth API as one account.
/// A script app signs in with <see cref="Username"/> and <see cref="Password"/>; an installed or web
/// app with a <see cref="RefreshToken"/> (preferred when both are set). The app's id and secret are
/// sent as HTTP Basic to the token endpoint.
/// </summary>
public sealed class RedditOptions
{
    public const string Section = "Reddit";

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? RefreshToken { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>
    /// Reddit refuses or throttles generic agents; it asks for <c>platform:app id:version (by /u/name)</c>.
    /// Unset: built from <see cref="ClientId"/> and <see cref="Username"/>.
    /// </summary>
    public string? UserAgent { get; set; }

    /// <summary>Where access tokens come from (<c>/api/v1/access_token</c>); tests point it at a local fake.</summary>
    public string AuthBaseUrl { get; set; } = "https://www.reddit.com";

    /// <summary>Where OAuth calls go (<c>/api/compose</c>, <c>/message/…</c>); tests point it at a local fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://oauth.reddit.com";

    /// <summary>Reddit messages need a subject; a send without one gets this.</summary>
    public string DefaultSubject { get; set; } = "A message for you";

    /// <summary>How long one call may take before its outcome is unknown.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Configured => !string.IsNullOrWhiteSpace(ClientId)
        && (!string.IsNullOrWhiteSpace(RefreshToken) || !string.IsNullOrWhiteSpace(Username));

    public string EffectiveUserAgent => UserAgent is { Length: > 0 } agent
        ? agent
        : $"server:{ClientId ?? "loopdrive"}:1.0 (by /u/{Username ?? "loopdrive"})";
}
