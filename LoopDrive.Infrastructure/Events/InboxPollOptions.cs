namespace LoopDrive.Infrastructure.Events;

/// <summary>Configuration section <c>Events:Poll</c>: the scheduled inbox polls of live mode (Reddit inbox, X direct messages).</summary>
public sealed class InboxPollOptions
{
    public const string Section = "Events:Poll";

    /// <summary>False switches every poll off (an account whose messages arrive some other way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two polls of an account.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Pages of 100 one poll reads at most, newest first: the catch-up after a long outage (or the first poll) is bounded.</summary>
    public int MaxPages { get; set; } = 5;
}

/// <summary>The provider did not answer a poll's read: nothing was handed over and the cursor stays; the next poll tries again.</summary>
public sealed class InboxPollException(string message) : Exception(message);
