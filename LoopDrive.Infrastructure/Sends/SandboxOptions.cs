namespace LoopDrive.Infrastructure.Sends;

/// <summary>Configuration section <c>Sends:Sandbox</c>: the simulated audience and where its webhooks go.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sends:Sandbox";

    /// <summary>Seeds the audience's draws (the same send always gets the same reactions) and the sandbox's signing keys.</summary>
    public string Seed { get; set; } = Core.Sends.Webhooks.ProviderKeys.DefaultSeed;

    /// <summary>Multiplies every reaction delay: 1 is real time, 0.01 runs a day's reactions in about 15 minutes, 0 at once.</summary>
    public double DelayScale { get; set; } = 1;

    public double BounceRate { get; set; } = 0.02;
    public double OpenRate { get; set; } = 0.35;
    /// <summary>Of those who open.</summary>
    public double ClickRate { get; set; } = 0.25;
    public double ReplyRate { get; set; } = 0.05;
    /// <summary>Of those who reply on SMS or a DM: the reply is STOP.</summary>
    public double StopRate { get; set; } = 0.1;

    /// <summary>
    /// The API the sandbox posts its signed webhooks to. Unset: the Aspire service reference
    /// (<c>services:api:http:0</c>) when the host has one.
    /// </summary>
    public string? WebhookBaseUrl { get; set; }

    /// <summary>The sandbox's own number, the <c>To</c> of inbound texts and the <c>From</c> of status callbacks.</summary>
    public string FromNumber { get; set; } = "+15005550006";
}
