using System.Collections.Concurrent;
using LoopDrive.Core.Sends;
using Npgsql;

namespace LoopDrive.Infrastructure.Learning.World;

/// <summary>
/// Each simulated recipient's clock, so the world judges a message by the hour it arrives where
/// they live, as learning and the scheduler count it: the person's zone, else the phone's region
/// for an SMS or WhatsApp recipient, else the workspace's (<see cref="RecipientTimeZones"/>, the
/// gate's rule). Read once per person and number, then kept: zones change rarely and the world is a simulation.
/// </summary>
public sealed class WorldClocks
{
    private readonly NpgsqlDataSource? _database;
    private readonly ConcurrentDictionary<(string WorkspaceId, string Who, string? Phone), TimeZoneInfo> _zones = new();

    public WorldClocks(NpgsqlDataSource database) => _database = database;

    private WorldClocks() => _database = null;

    /// <summary>A world without a database, where everyone keeps UTC (the headless harness's clock).</summary>
    public static WorldClocks Utc { get; } = new();

    public TimeZoneInfo ZoneOf(SandboxDelivery delivery)
    {
        if (_database is null) return TimeZoneInfo.Utc;
        var phone = delivery.Channel is SendChannels.Sms or "whatsapp" ? delivery.Recipient : null;
        return _zones.GetOrAdd((delivery.WorkspaceId, delivery.PersonId ?? delivery.Recipient, phone), _ => Read(delivery.WorkspaceId, delivery.PersonId, phone));
    }

    /// <summary>
    /// Synchronous because the audience answers inside the provider's call; it runs once per person
    /// (then the zone is cached) and only in the sandbox, never against a real provider.
    /// </summary>
    private TimeZoneInfo Read(string workspaceId, string? personId, string? phone)
    {
        using var command = _database!.CreateCommand("""
            select p.timezone, w.timezone from workspaces w left join persons p on p.id = $2 and p.workspace_id = w.id where w.id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)personId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return RecipientTimeZones.Resolve(null, phone, null);
        return RecipientTimeZones.Resolve(reader.IsDBNull(0) ? null : reader.GetString(0), phone, reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
