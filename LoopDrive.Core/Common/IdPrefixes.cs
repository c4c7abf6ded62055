namespace LoopDrive.Core.Common;

/// <summary>The id prefixes of CONTRACT.md §1, in one place.</summary>
public static class IdPrefixes
{
    public const string Workspace = "ws";
    public const string Organization = "org";
    public const string ApiKey = "key";
    public const string Person = "per";
    public const string Identity = "idn";
    public const string Consent = "cns";
    public const string Note = "note";
    public const string Topic = "top";
    public const string Objective = "obj";
    public const string Memory = "mem";
    public const string Event = "evt";
    public const string Snippet = "snip";
    public const string Wallet = "wal";
    public const string WalletTransaction = "wtx";
    public const string Payment = "pay";
    public const string Payout = "po";
    public const string Profile = "prof";
    public const string Allocation = "alloc";
    public const string Ledger = "led";
    public const string Message = "msg";
    public const string Ping = "ping";
}
