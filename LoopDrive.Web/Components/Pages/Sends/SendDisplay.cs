using MudBlazor;

namespace LoopDrive.Web.Components.Pages.Sends;

/// <summary>How the Sends pages colour and explain statuses, gate outcomes and reason codes.</summary>
public static class SendDisplay
{
    public static readonly IReadOnlyList<string> Channels = LoopDrive.Contracts.Sends.SendEnums.BulkChannels;

    public static readonly IReadOnlyList<string> Statuses = LoopDrive.Contracts.Sends.SendLogStatuses.All;

    public static Color StatusColor(string status) => status switch
    {
        "delivered" or "opened" or "clicked" or "replied" => Color.Success,
        "sent" => Color.Info,
        "queued" => Color.Default,
        "skipped" or "cancelled" => Color.Warning,
        "failed" or "unknown" => Color.Error,
        _ => Color.Default,
    };

    public static Color OutcomeColor(string outcome) => outcome switch
    {
        "allow" => Color.Success,
        "defer" => Color.Info,
        "skip" => Color.Warning,
        "fail" => Color.Error,
        _ => Color.Default,
    };

    /// <summary>A plain explanation of the gate's reason codes; an unknown code is shown as it is.</summary>
    public static string Reason(string? code) => code switch
    {
        null or "" => "—",
        "consent_required" or "no_consent" => "No consent on this channel",
        "person_erased" => "The person was erased",
        "person_not_found" => "The person no longer exists",
        "consent_revoked" => "Consent was revoked",
        "consent_expired" => "Consent expired",
        "suppressed" => "Address suppressed (bounce, complaint or opt-out)",
        "frequency_cap" => "Over the frequency cap",
        "quiet_hours" => "Quiet hours in the recipient's time zone",
        "insufficient_funds" => "Channel budget envelope empty",
        "platform_unsupported" => "Platform not supported",
        "unrecorded" => "No reason recorded",
        _ => code,
    };

    /// <summary>Progress (0–1) as a whole percentage for the bar and its label.</summary>
    public static double Percent(double progress) => Math.Round(Math.Clamp(progress, 0, 1) * 100, 1);
}
