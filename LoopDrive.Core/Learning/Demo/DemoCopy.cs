using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Core.Learning.Demo;

/// <summary>
/// Writes the demo's people with binary COPY on the seed's own connection and transaction: tens of
/// thousands of rows in a few round trips instead of one tracked entity each.
/// </summary>
internal static class DemoCopy
{
    public static async Task WriteAsync(NpgsqlConnection connection, DemoPeople people, CancellationToken cancellationToken)
    {
        await CopyAsync(connection, "persons (id, workspace_id, first_name, last_name, locale, timezone, created_at, updated_at)", people.Persons,
            async (w, p) =>
            {
                await Text(w, p.Id); await Text(w, p.WorkspaceId); await Text(w, p.FirstName); await Text(w, p.LastName);
                await Text(w, p.Locale); await Text(w, p.Timezone); await At(w, p.CreatedAt); await At(w, p.UpdatedAt);
            }, cancellationToken);
        await CopyAsync(connection, "identities (id, workspace_id, person_id, type, value, verified, is_primary, created_at, updated_at)", people.Identities,
            async (w, i) =>
            {
                await Text(w, i.Id); await Text(w, i.WorkspaceId); await Text(w, i.PersonId); await Text(w, i.Type); await Text(w, i.Value);
                await w.WriteAsync(i.Verified, NpgsqlDbType.Boolean); await w.WriteAsync(i.IsPrimary, NpgsqlDbType.Boolean);
                await At(w, i.CreatedAt); await At(w, i.CreatedAt);
            }, cancellationToken);
        await CopyAsync(connection, "consents (id, workspace_id, person_id, channel, scope, status, source, granted_at, revoked_at, created_at)", people.Consents,
            async (w, c) =>
            {
                await Text(w, c.Id); await Text(w, c.WorkspaceId); await Text(w, c.PersonId); await Text(w, c.Channel); await Text(w, c.Scope);
                await Text(w, c.Status); await Text(w, c.Source); await At(w, c.GrantedAt); await At(w, c.RevokedAt); await At(w, c.CreatedAt);
            }, cancellationToken);
        await CopyAsync(connection, "topics (id, workspace_id, person_id, name, weight, source, last_seen, created_at, updated_at)", people.Topics,
            async (w, t) =>
            {
                await Text(w, t.Id); await Text(w, t.WorkspaceId); await Text(w, t.PersonId); await Text(w, t.Name);
                await w.WriteAsync(t.Weight, NpgsqlDbType.Double); await Text(w, t.Source); await At(w, t.LastSeen); await At(w, t.CreatedAt); await At(w, t.UpdatedAt);
            }, cancellationToken);
        await CopyAsync(connection, "mem_embeddings (id, workspace_id, person_id, kind, text, confidence, usable_in_copy, created_at)", people.Memories,
            async (w, m) =>
            {
                await Text(w, m.Id); await Text(w, m.WorkspaceId); await Text(w, m.PersonId); await Text(w, m.Kind); await Text(w, m.Text);
                if (m.Confidence is { } confidence) await w.WriteAsync(confidence, NpgsqlDbType.Double); else await w.WriteNullAsync();
                await w.WriteAsync(m.UsableInCopy, NpgsqlDbType.Boolean); await At(w, m.CreatedAt);
            }, cancellationToken);
        await CopyAsync(connection, "objectives (id, workspace_id, person_id, type, status, priority, created_at, updated_at)", people.Objectives,
            async (w, o) =>
            {
                await Text(w, o.Id); await Text(w, o.WorkspaceId); await Text(w, o.PersonId); await Text(w, o.Type); await Text(w, o.Status);
                if (o.Priority is { } priority) await w.WriteAsync(priority, NpgsqlDbType.Integer); else await w.WriteNullAsync();
                await At(w, o.CreatedAt); await At(w, o.UpdatedAt);
            }, cancellationToken);
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string target, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, Task> write,
        CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await write(writer, row);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static Task Text(NpgsqlBinaryImporter writer, string? value) =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, NpgsqlDbType.Text);

    private static Task At(NpgsqlBinaryImporter writer, DateTimeOffset? value) =>
        value is { } at ? writer.WriteAsync(at.ToUniversalTime(), NpgsqlDbType.TimestampTz) : writer.WriteNullAsync();
}
