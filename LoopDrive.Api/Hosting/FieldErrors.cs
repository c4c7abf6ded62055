namespace LoopDrive.Api;

/// <summary>Collects per-field validation errors for one request, named as the client spelled the fields.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = [];

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> All => _errors;

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public void Required(string field, string? value, int maxLength = 10_000)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "Required.");
        else if (value.Length > maxLength) Add(field, $"At most {maxLength} characters.");
    }

    public void OneOf(string field, string? value, IReadOnlyList<string> allowed, bool required = true)
    {
        if (value is null)
        {
            if (required) Add(field, "Required; one of: " + string.Join(", ", allowed) + ".");
        }
        else if (!allowed.Contains(value))
            Add(field, "Unknown value; one of: " + string.Join(", ", allowed) + ".");
    }

    public void Between(string field, double? value, double min, double max, bool required = false)
    {
        if (value is null)
        {
            if (required) Add(field, $"Required, from {min} to {max}.");
        }
        else if (double.IsNaN(value.Value) || value < min || value > max)
            Add(field, $"Must be from {min} to {max}.");
    }

    public void JsonObject(string field, System.Text.Json.JsonElement? value)
    {
        if (!JsonText.IsObjectOrAbsent(value)) Add(field, "Must be a JSON object.");
    }
}
