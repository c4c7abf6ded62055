namespace LoopDrive.Core.Learning;

/// <summary>Configuration section <c>Learning:Objectives</c>: the objective scheduler.</summary>
public sealed class ObjectiveOptions
{
    /// <summary>When false the scheduler creates no sends; objectives are then only stored.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler walks active objectives.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Objectives handled per transaction; a pass keeps going while batches come back full.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The gap between touches for a person the loop has not yet seen engage.</summary>
    public TimeSpan DefaultGap { get; set; } = SendTimeEstimator.DefaultGap;

    /// <summary>How far ahead a touch may be placed to reach the person's best hour (inside the sending window).</summary>
    public TimeSpan SendTimeHorizon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Cadence runs this many times faster than the clock: gaps and the send-time horizon are divided
    /// by it. 1 in production; the demo sets the simulated world's time scale so people are touched
    /// again within minutes.
    /// </summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>
    /// An approved WhatsApp template that WhatsApp touches fall back to outside the 24-hour window
    /// (sent as the touch's <c>whatsappTemplate</c>). Without one, WhatsApp is chosen only for people
    /// who wrote on it within the window.
    /// </summary>
    public string? WhatsAppTemplate { get; set; }

    /// <summary>The brand touches are composed for; null means the workspace's default brand.</summary>
    public string? BrandId { get; set; }

    public TimeSpan Scaled(TimeSpan span) => TimeSpan.FromTicks((long)(span.Ticks / Math.Max(TimeScale, 1e-6)));
}
