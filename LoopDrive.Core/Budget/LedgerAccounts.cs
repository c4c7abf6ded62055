namespace LoopDrive.Core.Budget;

/// <summary>
/// Account ids are derived, not looked up: a transfer names its accounts without a read. Allocation
/// ids are globally unique, so an envelope id needs no workspace part.
/// </summary>
public static class LedgerAccounts
{
    public static string Wallet(string workspaceId) => workspaceId + ":wallet";

    public static string Clearing(string workspaceId) => workspaceId + ":clearing";

    public static string Spent(string workspaceId, string channel) => workspaceId + ":spent:" + channel;

    public static string Envelope(string allocationId, string channel) => allocationId + ":" + channel;
}
