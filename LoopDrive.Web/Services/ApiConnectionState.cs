namespace LoopDrive.Web.Services;

/// <summary>
/// Whether the API answered the last call of this circuit. The layout shows a banner while it
/// is unreachable, so every page reports it the same way instead of each drawing its own.
/// </summary>
public sealed class ApiConnectionState
{
    public bool IsUnreachable { get; private set; }

    /// <summary>When the current outage was first noticed; null while the API answers.</summary>
    public DateTimeOffset? UnreachableSince { get; private set; }

    public event Action? Changed;

    public void MarkReachable()
    {
        if (!IsUnreachable)
        {
            return;
        }

        IsUnreachable = false;
        UnreachableSince = null;
        Changed?.Invoke();
    }

    public void MarkUnreachable(DateTimeOffset now)
    {
        if (IsUnreachable)
        {
            return;
        }

        IsUnreachable = true;
        UnreachableSince = now;
        Changed?.Invoke();
    }
}
