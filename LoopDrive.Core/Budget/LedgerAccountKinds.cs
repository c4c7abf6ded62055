namespace LoopDrive.Core.Budget;

public static class LedgerAccountKinds
{
    public const string Wallet = "wallet";
    public const string Envelope = "envelope";
    public const string Spent = "spent";
    public const string Clearing = "clearing";
}

public static class TransferKinds
{
    public const string TopUp = "topup";
    public const string Reserve = "reserve";
    public const string Spend = "spend";
    public const string Release = "release";
    public const string Refund = "refund";
    public const string Reversal = "reversal";
}
