using System.ComponentModel.DataAnnotations;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Tuning of the outbox relay, the stream consumers and the queue monitor, bound to the
/// <c>Spine</c> configuration section. Defaults suit production; tests shorten the timings.
/// </summary>
public sealed class SpineOptions
{
    public const string SectionName = "Spine";

    /// <summary>Consumer group (and inbox consumer name) used when a registration names none.</summary>
    public const string DefaultGroup = "loopdrive";

    /// <summary>Whether this process runs the outbox relay (a relay-less replica only consumes).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>Whether this process runs the registered stream consumers.</summary>
    public bool ConsumersEnabled { get; set; } = true;

    /// <summary>Outbox rows claimed and XADDed per relay pass.</summary>
    [Range(1, 10_000)]
    public int RelayBatchSize { get; set; } = 1000;

    /// <summary>The relay also polls on this interval, so a missed NOTIFY never strands a row.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often an awake relay polls. A relay is awake from the pass that found rows until none came
    /// for <see cref="RelayLinger"/>; meanwhile outbox writers skip their NOTIFY.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan RelayActivePollInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How long a relay stays awake after its last row. Zero (the default) keeps it asleep between
    /// NOTIFYs: every writer notifies, and PostgreSQL serialises the commits of notifying
    /// transactions. Awake, writers commit in parallel and PostgreSQL spends about a fifth less per
    /// message, but each message waits for the next poll: in the spine bench at 1,000 msg/s on two
    /// cores, hand-off p50 7.6–9.9 ms against 4.7–6.5 ms asleep. Worth it where many writers commit
    /// at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RelayLinger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How often a relay claim scans the outbox from its first id instead of from the floor past
    /// the rows already relayed (see <see cref="RelayScanFloor"/>): the longest a row that slipped
    /// below the floor waits.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RelaySweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between relay retries while Redis or PostgreSQL fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RelayMaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Approximate MAXLEN each stream is trimmed to on XADD.</summary>
    [Range(1_000, 100_000_000)]
    public int StreamMaxLength { get; set; } = 100_000;

    /// <summary>Approximate MAXLEN of every <c>.dead</c> stream.</summary>
    [Range(100, 10_000_000)]
    public int DeadLetterMaxLength { get; set; } = 10_000;

    /// <summary>
    /// Inbox rows older than this are deleted. Longer than any redelivery can take (a message is
    /// dead-lettered after <see cref="MaxDeliveries"/> tries), so a pruned row can never let an effect repeat.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Stream entries read per XREADGROUP; handled in one database transaction when all succeed.</summary>
    [Range(1, 5_000)]
    public int ConsumerBatchSize { get; set; } = 256;

    /// <summary>
    /// Transactions a stream's consumer runs at once: a read batch is split into up to this many
    /// parts handled concurrently. Each holds a database connection while it runs.
    /// </summary>
    [Range(1, 64)]
    public int ConsumerConcurrency { get; set; } = 4;

    /// <summary>
    /// Read batches a stream's consumer handles at once: the next read starts while earlier batches
    /// are still committing. 1 reads only after the previous batch is acknowledged.
    /// </summary>
    [Range(1, 16)]
    public int ConsumerReadAhead { get; set; } = 2;

    /// <summary>
    /// When false every message gets its own transaction. When true a read batch shares one
    /// transaction and falls back to one transaction per message if any handler fails.
    /// </summary>
    public bool BatchTransactions { get; set; } = true;

    /// <summary>
    /// How long an idle consumer waits before reading again. The relay wakes consumers through
    /// Redis pub/sub as soon as it adds entries, so this only bounds a missed wake-up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ConsumerIdleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A pending entry idle this long belongs to a dead or stuck consumer and is reclaimed (XAUTOCLAIM).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ClaimMinIdle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each consumer looks for stale pending entries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many deliveries that did not complete, an entry goes to <c>&lt;stream&gt;.dead</c>.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>Consumer name in every group; defaults to host name, process id and a random tail.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>A stream whose oldest unhandled entry is older than this is reported <c>lagging</c> (the warning level).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan LagThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A stream whose oldest unhandled entry is older than this is reported <c>critical</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan CriticalLagThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Per-stream overrides of <see cref="LagThreshold"/> and <see cref="CriticalLagThreshold"/>,
    /// keyed by stream name (<c>Spine:StreamLagThresholds:email.send:Critical = 00:01:00</c>).
    /// </summary>
    public Dictionary<string, StreamLagThreshold> StreamLagThresholds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The warning and critical ages that apply to <paramref name="stream"/>.</summary>
    public (TimeSpan Warn, TimeSpan Critical) LagThresholdsFor(string stream)
    {
        var own = StreamLagThresholds.GetValueOrDefault(stream);
        return (own?.Warn ?? LagThreshold, own?.Critical ?? CriticalLagThreshold);
    }

    /// <summary>How often the workers sample queue health for the metric gauges.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GaugeInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>One stream's own lag thresholds; an unset level falls back to the global one.</summary>
public sealed class StreamLagThreshold
{
    public TimeSpan? Warn { get; set; }

    public TimeSpan? Critical { get; set; }
}
