using LoopDrive.Contracts.Budget;
using Entities = LoopDrive.Core.Budget;

namespace LoopDrive.Api.Budget;

internal static class BudgetMappings
{
    public static Wallet ToContract(this Entities.Wallet w) => new(
        w.Id, w.WorkspaceId, w.OrganizationId, w.Balance, w.Currency,
        w.Status == "frozen" ? "frozen" : w.Balance == 0 ? "depleted" : "active",
        w.AutoReloadEnabled, w.CreatedAt, w.UpdatedAt, w.AutoReloadThreshold, w.AutoReloadAmount, JsonText.Parse(w.Metadata));

    public static WalletTransaction ToContract(this Entities.WalletTransaction t) => new(
        t.Id, t.WalletId, t.Type, t.Amount, t.Balance, t.Source, t.Description, t.Timestamp, t.ReferenceId, JsonText.Parse(t.Metadata));

    public static StripePayment ToContract(this Entities.StripePayment p) => new(
        p.Id, p.WorkspaceId, p.WalletId, p.PaymentIntentId ?? "", p.Amount, p.Currency, p.Status, p.CreatedAt, p.UpdatedAt,
        p.PaymentMethod, p.ReceiptUrl, p.FailureReason, JsonText.Parse(p.Metadata));

    public static BudgetLedger ToContract(this Entities.BudgetLedgerEntry e) => new(
        e.Id, e.WorkspaceId, e.Channel, e.Amount, e.Type, e.Category, e.Timestamp, e.AllocationId, e.ExternalId, e.Description,
        JsonText.Parse(e.Metadata));
}
