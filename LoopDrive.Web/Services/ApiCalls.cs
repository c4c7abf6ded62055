using LoopDrive.Client;
using MudBlazor;

namespace LoopDrive.Web.Services;

/// <summary>
/// Runs dashboard calls to the API so a failure never takes a page down: an API error becomes a
/// snackbar with the problem title, an unreachable API flips the layout's banner, and the caller
/// gets null and keeps what it showed before.
/// </summary>
public sealed partial class ApiCalls(
    LoopDriveClient client,
    ISnackbar snackbar,
    ApiConnectionState connection,
    TimeProvider time,
    ILogger<ApiCalls> logger)
{
    // Last error announced per repeating caller, so a refresh loop reports a failure once, not every tick.
    private readonly Dictionary<string, string> _announced = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="call"/>. Callers that repeat the same call on a timer pass a
    /// <paramref name="repeatKey"/>: the same error is then announced once until a call succeeds.
    /// Forms pass <paramref name="onProblem"/> to show the problem's field errors next to their fields.
    /// </summary>
    public async Task<T?> RunAsync<T>(
        Func<LoopDriveClient, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken = default,
        string? repeatKey = null,
        Action<LoopDriveApiException>? onProblem = null)
        where T : class
    {
        try
        {
            var result = await call(client, cancellationToken);
            connection.MarkReachable();
            if (repeatKey is not null)
            {
                _announced.Remove(repeatKey);
            }

            return result;
        }
        catch (LoopDriveApiException ex)
        {
            connection.MarkReachable();
            LogApiError((int)ex.Status, ex.Code, ex.TraceId);
            var fingerprint = $"{(int)ex.Status} {ex.Code} {ex.Title}";
            if (repeatKey is null || !_announced.TryGetValue(repeatKey, out var last) || last != fingerprint)
            {
                snackbar.Add(Announcement(ex), Severity.Error);
            }

            onProblem?.Invoke(ex);

            if (repeatKey is not null)
            {
                _announced[repeatKey] = fingerprint;
            }

            return null;
        }
        catch (LoopDriveConnectionException ex)
        {
            LogUnreachable(ex.Attempts, ex.InnerException?.GetType().Name);
            connection.MarkUnreachable(time.GetUtcNow());
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away mid-call; nobody is left to show a result or an error to.
            return null;
        }
    }

    /// <summary>The problem's title, followed by each field the API named and what is wrong with it.</summary>
    private static string Announcement(LoopDriveApiException ex) =>
        ex.Errors.Count == 0
            ? ex.Title
            : $"{ex.Title}: {string.Join("; ", ex.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "API call failed with {Status} {Code} (trace {TraceId})")]
    private partial void LogApiError(int status, string? code, string? traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API unreachable after {Attempts} attempt(s): {ErrorType}")]
    private partial void LogUnreachable(int attempts, string? errorType);
}
