namespace LoopDrive.Core.Sends;

/// <summary>Configuration section <c>Sends</c>: the gate's defaults and the prices the Budget ledger is charged.</summary>
public sealed class SendOptions
{
    public const string Section = "Sends";

    /// <summary>Local hour (recipient time) from which messages may go out.</summary>
    public int WindowOpensHour { get; set; } = 8;

    /// <summary>Local hour (recipient time) from which messages wait for the next morning.</summary>
    public int WindowClosesHour { get; set; } = 21;

    /// <summary>Marketing messages per person per channel in any 24 hours; 0 turns the cap off.</summary>
    public int FrequencyCapPerDay { get; set; } = 3;

    /// <summary>How far in the past <c>scheduleFor</c> may be before it is refused as a mistake.</summary>
    public TimeSpan ScheduleTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Cents charged per message (per SMS segment) by channel; a channel not listed costs nothing.</summary>
    public Dictionary<string, long> PriceCents { get; set; } = new(StringComparer.Ordinal) { ["sms"] = 1 };

    /// <summary>When true, a channel without an executing allocation's envelope refuses marketing sends (<c>insufficient_funds</c>).</summary>
    public bool RequireEnvelope { get; set; }

    /// <summary>Transient provider failures are retried this many times, with doubling waits from <see cref="RetryBase"/>.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Recipients turned into sends per step of a bulk job.</summary>
    public int BulkChunkSize { get; set; } = 1000;

    /// <summary>How long an attempt without a result is left alone before the provider is asked (longer than any provider call can take).</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Per provider account (Twilio sending number, SendGrid key, Meta page or phone number id, X
    /// user; sandbox: the channel). Defaults follow the platforms' published limits: Twilio 1/s per
    /// US long code, WhatsApp Cloud 80/s, X 200 DMs per 15 minutes per user. Sandbox is unlimited
    /// unless configured.
    /// </summary>
    public Dictionary<string, ProviderRateLimit> RateLimits { get; set; } = new(StringComparer.Ordinal)
    {
        ["twilio"] = new() { PerSecond = 1, Burst = 1 },
        ["sendgrid"] = new() { PerSecond = 100, Burst = 100 },
        ["meta"] = new() { PerSecond = 80, Burst = 80 },
        ["x"] = new() { PerSecond = 200.0 / 900, Burst = 20 },
    };

    /// <summary>How often the workers look for due sends, bulk chunks and unknown outcomes when idle.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);
}
