using System.Text;
using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// <c>intake.fetch</c> import job: CSV (header row; columns type, email, phone, personId, channel,
/// text, ts, idempotencyKey) or a JSON array of plain-API items, fed through the normalize path
/// like any pushed event.
/// </summary>
public sealed class ImportEvents(NormalizeProviderPayload normalize)
{
    public const int MaxRows = 10_000;

    public async Task<int> HandleAsync(string workspaceId, string format, string content, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var json = format switch
        {
            "json" => content,
            "csv" => CsvToJson(content),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Import format must be csv or json."),
        };
        var outcome = await normalize.HandleAsync(workspaceId, "api", json, receivedAt, cancellationToken);
        return outcome.Stored.Count;
    }

    /// <summary>RFC 4180 enough for exports: quoted fields, doubled quotes, commas and newlines inside quotes.</summary>
    public static string CsvToJson(string csv)
    {
        var rows = ParseCsv(csv);
        if (rows.Count == 0) return "[]";
        var header = rows[0].Select(h => h.Trim()).ToArray();
        var items = new List<Dictionary<string, object>>();
        foreach (var row in rows.Skip(1).Take(MaxRows))
        {
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            var item = new Dictionary<string, object>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < row.Count; i++)
            {
                if (row[i].Length == 0) continue;
                if (header[i] == "idempotencyKey") item["metadata"] = new Dictionary<string, string> { ["idempotencyKey"] = row[i] };
                else item[header[i]] = row[i];
            }
            items.Add(item);
        }
        return JsonSerializer.Serialize(items);
    }

    private static List<List<string>> ParseCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n') i++;
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }
}
