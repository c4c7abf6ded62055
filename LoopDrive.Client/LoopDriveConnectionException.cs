namespace LoopDrive.Client;

/// <summary>
/// The API could not be reached (connection refused, DNS, timeout) on any attempt.
/// Distinct from <see cref="LoopDriveApiException"/>, which means the API answered with an error.
/// </summary>
public sealed class LoopDriveConnectionException : Exception
{
    public LoopDriveConnectionException(string message, int attempts, Exception innerException)
        : base(message, innerException)
    {
        Attempts = attempts;
    }

    /// <summary>How many calls were made before giving up.</summary>
    public int Attempts { get; }
}
