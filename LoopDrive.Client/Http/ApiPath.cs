using System.Globalization;
using System.Text;

namespace LoopDrive.Client.Http;

/// <summary>
/// Builds relative request paths: ids are escaped as single segments, and query strings follow the
/// contract (nulls left out, arrays as repeated keys, ISO-8601 dates, lower-case booleans).
/// </summary>
internal sealed class ApiPath
{
    private readonly StringBuilder _path;
    private bool _hasQuery;

    private ApiPath(string root) => _path = new StringBuilder(root.TrimStart('/'));

    /// <summary>Starts at a route root such as <c>api/workspaces</c> (relative, so a base path prefix is kept).</summary>
    public static ApiPath Root(string root) => new(root);

    public ApiPath Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (_hasQuery)
        {
            throw new InvalidOperationException("Path segments must come before the query string.");
        }

        _path.Append('/').Append(Uri.EscapeDataString(value));
        return this;
    }

    public ApiPath Query(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _path.Append(_hasQuery ? '&' : '?').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        _hasQuery = true;
        return this;
    }

    public ApiPath Query(string name, long? value) =>
        Query(name, value?.ToString(CultureInfo.InvariantCulture));

    public ApiPath Query(string name, double? value) =>
        Query(name, value?.ToString("R", CultureInfo.InvariantCulture));

    public ApiPath Query(string name, bool? value) =>
        Query(name, value is null ? null : value.Value ? "true" : "false");

    public ApiPath Query(string name, DateTimeOffset? value) =>
        Query(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    public ApiPath Query(string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            Query(name, value);
        }

        return this;
    }

    public override string ToString() => _path.ToString();

    public static implicit operator string(ApiPath path) => path.ToString();
}
