using System.Net;

namespace LoopDrive.Client;

/// <summary>
/// The API answered with an error. Carries the RFC 9457 problem fields when the body had them;
/// otherwise <see cref="Title"/> is the reason phrase and <see cref="Code"/> is null.
/// </summary>
public sealed class LoopDriveApiException : Exception
{
    public LoopDriveApiException(
        HttpStatusCode status,
        string title,
        string? code = null,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null,
        string? traceId = null,
        string? type = null,
        string? instance = null)
        : base(BuildMessage(status, title, code, detail))
    {
        Status = status;
        Title = title;
        Code = code;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
        TraceId = traceId;
        Type = type;
        Instance = instance;
    }

    public HttpStatusCode Status { get; }

    /// <summary>Short, human-readable summary (the problem's <c>title</c>).</summary>
    public string Title { get; }

    /// <summary>Stable snake_case reason, e.g. <c>validation_failed</c> or <c>not_found</c>.</summary>
    public string? Code { get; }

    public string? Detail { get; }

    /// <summary>Per-field validation messages, keyed by the field name as the API spells it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The server's trace id: quote it when reporting a problem.</summary>
    public string? TraceId { get; }

    public string? Type { get; }

    public string? Instance { get; }

    private static string BuildMessage(HttpStatusCode status, string title, string? code, string? detail)
    {
        var message = $"{(int)status} {title}";
        if (code is not null)
        {
            message += $" ({code})";
        }

        return detail is null ? message : $"{message}: {detail}";
    }
}
