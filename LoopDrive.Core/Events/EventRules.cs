using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Common;

namespace LoopDrive.Core.Events;

/// <summary>
/// What an incoming event must look like (CONTRACT.md §7, D31): a lower-case dotted type, a known
/// channel, object payload and metadata, no timestamp far in the future. Pure, so a batch can
/// check every item and report each refusal by index.
/// </summary>
public static partial class EventRules
{
    public const int MaxBatch = 1000;
    public const int MaxTypeLength = 120;
    public const int MaxKeyLength = 255;
    public const string DefaultSource = "api";

    /// <summary>Clocks drift; beyond this a timestamp is a mistake, not skew.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedType();

    public static bool IsValidType(string? type) => type is { Length: > 0 and <= MaxTypeLength } && DottedType().IsMatch(type);

    /// <summary>Reads one item; returns the event or the first problem of each field.</summary>
    public static (NewEvent? Event, List<EventItemError> Errors) Read(JsonElement item, int index, string workspaceId, DateTimeOffset now, TimeProvider clock)
    {
        var errors = new List<EventItemError>();
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(index, "event", "Must be a JSON object."));
            return (null, errors);
        }

        var type = String(item, "type", index, errors, required: true, MaxTypeLength);
        if (type is not null && !DottedType().IsMatch(type))
            errors.Add(new(index, "type", "Must be lower-case and dotted, e.g. email.opened."));
        var source = String(item, "source", index, errors, required: false, 64) ?? DefaultSource;
        var channel = String(item, "channel", index, errors, required: false, 32);
        if (channel is not null && !PeopleEnums.Channels.Contains(channel))
            errors.Add(new(index, "channel", "Unknown value; one of: " + string.Join(", ", PeopleEnums.Channels) + "."));
        var personId = String(item, "personId", index, errors, required: false, 64);
        var organizationId = String(item, "organizationId", index, errors, required: false, 64);
        var claimedWorkspace = String(item, "workspaceId", index, errors, required: false, 64);
        if (claimedWorkspace is not null && claimedWorkspace != workspaceId)
            errors.Add(new(index, "workspaceId", "Does not belong to this API key."));

        var payload = "{}";
        if (item.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind == JsonValueKind.Object) payload = p.GetRawText();
            else errors.Add(new(index, "payload", "Must be a JSON object."));
        }

        string? metadata = null;
        string? key = null;
        if (item.TryGetProperty("metadata", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.Object) errors.Add(new(index, "metadata", "Must be a JSON object."));
            else
            {
                metadata = m.GetRawText();
                if (m.TryGetProperty("idempotencyKey", out var k) && k.ValueKind != JsonValueKind.Null)
                {
                    if (k.ValueKind != JsonValueKind.String || k.GetString() is not { Length: > 0 and <= MaxKeyLength } s)
                        errors.Add(new(index, "metadata.idempotencyKey", $"Must be a string of 1 to {MaxKeyLength} characters."));
                    else key = s;
                }
            }
        }

        var ts = now;
        if (item.TryGetProperty("ts", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                errors.Add(new(index, "ts", "Must be an ISO-8601 timestamp."));
            else if (parsed > now + FutureTolerance)
                errors.Add(new(index, "ts", "Is in the future; at most five minutes ahead of the server clock is accepted."));
            else ts = parsed.ToUniversalTime();
        }

        if (errors.Count > 0) return (null, errors);
        return (new NewEvent(Ids.New(IdPrefixes.Event, clock), type!, source, channel, personId, organizationId, payload, metadata, ts, key), errors);
    }

    private static string? String(JsonElement item, string name, int index, List<EventItemError> errors, bool required, int maxLength)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(new(index, name, "Required."));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(index, name, "Must be a string."));
            return null;
        }
        var s = value.GetString()!;
        if (s.Length == 0 && required)
        {
            errors.Add(new(index, name, "Required."));
            return null;
        }
        if (s.Length > maxLength)
        {
            errors.Add(new(index, name, $"At most {maxLength} characters."));
            return null;
        }
        return s.Length == 0 ? null : s;
    }
}
