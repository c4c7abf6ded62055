using System.Diagnostics.Metrics;
using Npgsql;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Business gauges the workers sample from PostgreSQL next to queue health (meter
/// <c>LoopDrive.Operations</c>): sends queued in the last 24 hours by channel and status, and every
/// wallet's balance. Request metrics come from ASP.NET Core, stream lag from
/// <see cref="SpineTelemetry"/>, LLM token usage from the chat clients' OpenTelemetry
/// (<c>gen_ai.client.token.usage</c> on <c>LoopDrive.Ai</c>).
/// </summary>
public sealed class OperationsMetrics
{
    public const string Name = "LoopDrive.Operations";

    private volatile IReadOnlyList<Measurement<long>> _sends = [];
    private volatile IReadOnlyList<Measurement<long>> _wallets = [];

    public OperationsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        meter.CreateObservableGauge("loopdrive.sends.recent", () => _sends, "{send}",
            "Sends queued in the last 24 hours, by channel and status.");
        meter.CreateObservableGauge("loopdrive.budget.wallet.balance", () => _wallets, "{cent}",
            "Wallet balance in the currency's minor unit, by workspace and currency.");
    }

    /// <summary>Reads the figures; the observable callbacks then report them without I/O.</summary>
    public async Task SampleAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        _sends = await ReadAsync(connection,
            "SELECT channel, status, count(*) FROM sends WHERE queued_at > now() - interval '24 hours' GROUP BY channel, status",
            r => new Measurement<long>(r.GetInt64(2),
                new KeyValuePair<string, object?>("channel", r.GetString(0)), new KeyValuePair<string, object?>("status", r.GetString(1))),
            cancellationToken);
        _wallets = await ReadAsync(connection,
            "SELECT workspace_id, currency, balance FROM wallets",
            r => new Measurement<long>(r.GetInt64(2),
                new KeyValuePair<string, object?>("workspace", r.GetString(0)), new KeyValuePair<string, object?>("currency", r.GetString(1))),
            cancellationToken);
    }

    private static async Task<IReadOnlyList<Measurement<long>>> ReadAsync(
        NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, Measurement<long>> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<Measurement<long>>();
        while (await reader.ReadAsync(cancellationToken)) values.Add(read(reader));
        return values;
    }
}
