using System.Text;
using Npgsql;

namespace LoopDrive.FunctionalTests.People;

/// <summary>Every row of every table as text: what "byte-equal" and "no personal string anywhere" are checked against.</summary>
internal static class DatabaseDump
{
    public static async Task<string> AllRowsAsync(string connectionString, params string[] exceptTables)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' ORDER BY tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var dump = new StringBuilder();
        foreach (var table in tables.Except(exceptTables))
        {
            dump.AppendLine("## " + table);
            // memory_version only tells caches that a person's memories changed; a merge and its undo both bump it.
            await using var rows = new NpgsqlCommand($"SELECT (to_jsonb(t) - 'memory_version')::text FROM \"{table}\" t ORDER BY 1", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) dump.AppendLine(reader.GetString(0));
        }
        return dump.ToString();
    }
}
