using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The gate's reads for a list of sends in one round trip: one batch of up to five statements
/// (persons, consents, suppressions, the last day's sends, the last inbound message per person and
/// channel), each over the whole list. Raw SQL, so every statement names the sends' workspaces
/// itself; on the caller's connection, so inside a consumer it reads what its transaction sees.
/// </summary>
public sealed partial class SendGate
{
    private sealed record PersonFacts(string Id, DateTimeOffset? ErasedAt, string? MergedIntoId, string? Timezone);

    private sealed record FactRows(
        Dictionary<string, PersonFacts> Persons,
        List<Consent> Consents,
        Dictionary<(string, string), string> Suppressions,
        Dictionary<(string, string), List<DateTimeOffset>> Recent,
        Dictionary<(string, string), DateTimeOffset> LastInbound);

    private async Task<FactRows> ReadFactsAsync(IReadOnlyList<Send> sends, string stage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workspaceIds = sends.Select(s => s.WorkspaceId).Distinct(StringComparer.Ordinal).ToArray();
        var personIds = sends.Select(s => s.PersonId).Distinct(StringComparer.Ordinal).ToArray();
        var channels = sends.Select(s => s.Channel).Distinct(StringComparer.Ordinal).ToArray();
        var addresses = sends.Where(s => s.Recipient is not null).Select(s => s.Recipient!).Distinct(StringComparer.Ordinal).ToArray();
        var capped = options.Value.FrequencyCapPerDay > 0 && sends.Any(s => s.Purpose == ContactPurposes.Marketing);
        var windowed = stage == StageAccept ? [] : sends.Where(s => MessagingWindow.Applies(s.Channel)).ToList();

        await using var batch = new NpgsqlBatch();
        Add(batch, "select id, workspace_id, erased_at, merged_into_id, timezone from persons where id = any($1) and workspace_id = any($2)",
            personIds, workspaceIds);
        Add(batch, """
            select id, workspace_id, person_id, channel, scope, status, source, expires_at, created_at
            from consents where person_id = any($1) and channel = any($2) and workspace_id = any($3)
            """, personIds, channels.SelectMany(ConsentChannels).Distinct(StringComparer.Ordinal).ToArray(), workspaceIds);
        Add(batch, "select channel, address, reason from send_suppressions where address = any($1) and channel = any($2) and workspace_id = any($3)",
            addresses, channels, workspaceIds);
        if (capped)
            Add(batch, """
                select person_id, channel, sent_at from sends
                where person_id = any($1) and channel = any($2) and workspace_id = any($3) and sent_at > $4 and not (id = any($5))
                """, personIds, channels, workspaceIds, now.AddDays(-1), sends.Select(s => s.Id).ToArray());
        if (windowed.Count > 0)
            Add(batch, """
                select person_id, channel, max(ts) from events
                where person_id = any($1) and workspace_id = any($2) and channel = any($3) and type = any($4)
                group by person_id, channel
                """, windowed.Select(s => s.PersonId).Distinct(StringComparer.Ordinal).ToArray(), workspaceIds,
                windowed.Select(s => s.Channel).Distinct(StringComparer.Ordinal).ToArray(), MessagingWindow.InboundTypes);

        var rows = new FactRows(new(StringComparer.Ordinal), [], [], [], []);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            batch.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Persons[reader.GetString(0)] = new PersonFacts(reader.GetString(0), Maybe<DateTimeOffset>(reader, 2), Text(reader, 3), Text(reader, 4));
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Consents.Add(new Consent
                {
                    Id = reader.GetString(0), WorkspaceId = reader.GetString(1), PersonId = reader.GetString(2), Channel = reader.GetString(3),
                    Scope = reader.GetString(4), Status = reader.GetString(5), Source = reader.GetString(6),
                    ExpiresAt = Maybe<DateTimeOffset>(reader, 7), CreatedAt = reader.GetFieldValue<DateTimeOffset>(8),
                });
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Suppressions.TryAdd((reader.GetString(0), reader.GetString(1)), reader.GetString(2));
            if (capped)
            {
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    Recent(rows.Recent, reader.GetString(0), reader.GetString(1)).Add(reader.GetFieldValue<DateTimeOffset>(2));
            }
            if (windowed.Count > 0)
            {
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    rows.LastInbound[(reader.GetString(0), reader.GetString(1))] = reader.GetFieldValue<DateTimeOffset>(2);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return rows;
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        batch.BatchCommands.Add(command);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static T? Maybe<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
