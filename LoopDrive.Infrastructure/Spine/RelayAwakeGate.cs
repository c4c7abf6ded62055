using System.Diagnostics;
using Npgsql;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// This relay's row in <c>outbox_relay_awake</c>. While a relay holds an unexpired row, outbox
/// writers skip their NOTIFY (whose commits PostgreSQL serialises) and the relay polls on its own
/// instead. The row is a lease: a relay that dies awake stops silencing writers when it expires.
/// </summary>
public sealed class RelayAwakeGate(NpgsqlDataSource database, SpineConsumerIdentity identity)
{
    /// <summary>
    /// How long one claim of wakefulness lasts. Long enough that renewing it is rare (twice per
    /// lease while awake), short enough that writers notify again soon after a relay died awake.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    /// <summary>The process's spine name (host, process id and a random tail unless configured), as its consumers use.</summary>
    private readonly string _relayId = identity.Name;
    private long _renewAfter;

    public bool IsAwake { get; private set; }

    /// <summary>Claims or renews the lease, unless the one held is less than half spent.</summary>
    public async Task StayAwakeAsync(CancellationToken cancellationToken)
    {
        if (IsAwake && Stopwatch.GetTimestamp() < _renewAfter) return;
        await using var command = database.CreateCommand("""
            INSERT INTO outbox_relay_awake (relay_id, awake_until) VALUES ($1, clock_timestamp() + $2)
            ON CONFLICT (relay_id) DO UPDATE SET awake_until = excluded.awake_until
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _relayId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = Lease });
        var started = Stopwatch.GetTimestamp();
        await command.ExecuteNonQueryAsync(cancellationToken);
        IsAwake = true;
        _renewAfter = started + (long)(Lease.TotalSeconds / 2 * Stopwatch.Frequency);
    }

    /// <summary>
    /// Gives the lease up, so writers notify again; clears leases of relays long gone on the way.
    /// The caller must poll once more afterwards: a writer that saw this relay awake just before
    /// may commit its row without a NOTIFY.
    /// </summary>
    public async Task SleepAsync(CancellationToken cancellationToken)
    {
        if (!IsAwake) return;
        await using var command = database.CreateCommand(
            "DELETE FROM outbox_relay_awake WHERE relay_id = $1 OR awake_until < clock_timestamp() - interval '1 hour'");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _relayId });
        await command.ExecuteNonQueryAsync(cancellationToken);
        IsAwake = false;
    }
}
