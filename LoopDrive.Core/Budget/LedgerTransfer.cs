namespace LoopDrive.Core.Budget;

/// <summary>
/// One requested movement of cents. <see cref="Id"/> is the idempotency key: the same id with the
/// same accounts and amount is answered <see cref="TransferStatus.Duplicate"/> and moves nothing.
/// </summary>
public sealed record LedgerTransfer(
    string Id,
    string WorkspaceId,
    string FromAccountId,
    string ToAccountId,
    long Amount,
    string Kind,
    string? AllocationId = null,
    string? Channel = null,
    string? ReferenceId = null,
    string? ReversesTransferId = null,
    string? Description = null,
    string WalletTxType = "adjustment",
    string WalletTxSource = "manual",
    string? LedgerType = null,
    string LedgerCategory = "send");

public enum TransferStatus
{
    Ok,
    Duplicate,
    InsufficientFunds,
    UnknownAccount,
    AlreadyReversed,
    IdConflict,
    Invalid,
}

/// <param name="FromBalance">The source account's balance after the transfer (null unless <see cref="TransferStatus.Ok"/>).</param>
/// <param name="ToBalance">The destination account's balance after the transfer.</param>
public sealed record TransferOutcome(TransferStatus Status, long? FromBalance, long? ToBalance)
{
    /// <summary>Money moved now or by an earlier call with the same id.</summary>
    public bool Applied => Status is TransferStatus.Ok or TransferStatus.Duplicate;

    internal static TransferStatus Parse(string status) => status switch
    {
        "ok" => TransferStatus.Ok,
        "duplicate" => TransferStatus.Duplicate,
        "insufficient_funds" => TransferStatus.InsufficientFunds,
        "unknown_account" => TransferStatus.UnknownAccount,
        "already_reversed" => TransferStatus.AlreadyReversed,
        "id_conflict" => TransferStatus.IdConflict,
        _ => TransferStatus.Invalid,
    };
}
