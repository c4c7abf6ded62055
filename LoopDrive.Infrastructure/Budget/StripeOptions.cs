namespace LoopDrive.Infrastructure.Budget;

/// <summary>
/// Section <c>Stripe</c>. In live mode both secrets come from AppHost parameters
/// (<c>Stripe__SecretKey</c>, <c>Stripe__WebhookSecret</c>). In sandbox mode the local emulation
/// signs with <see cref="WebhookSecret"/> when set, else with <see cref="SandboxWebhookSecret"/>.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";
    public const string SandboxWebhookSecret = "whsec_loopdrive_sandbox";

    public string? SecretKey { get; set; }

    /// <summary>Live mode only: the API's base address (default Stripe's own); lets a test point live mode at a local recorder.</summary>
    public string? ApiBase { get; set; }
    public string? WebhookSecret { get; set; }

    /// <summary>Webhook signatures older than this are refused (Stripe's own default is 300 s).</summary>
    public long ToleranceSeconds { get; set; } = 300;

    /// <summary>Sandbox only: when set, emulated events are POSTed here; otherwise handed to the in-process receiver.</summary>
    public string? SandboxWebhookUrl { get; set; }

    /// <summary>Sandbox only: how long after creation the emulated payment settles.</summary>
    public int SandboxSettleMilliseconds { get; set; } = 150;

    public string EffectiveWebhookSecret => string.IsNullOrWhiteSpace(WebhookSecret) ? SandboxWebhookSecret : WebhookSecret;
}
