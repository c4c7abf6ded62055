using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class BudgetTransferConfiguration : IEntityTypeConfiguration<BudgetTransfer>
{
    public void Configure(EntityTypeBuilder<BudgetTransfer> builder)
    {
        builder.ToTable("budget_transfers");
        builder.HasKey(x => x.Id);
        // Transfers are read by id and by allocation (reconciliation) only. Every index costs each
        // transfer an entry, so none is kept for reads nothing makes (by workspace and time, by reference).
        builder.HasIndex(x => x.AllocationId);
        // A transfer is reversed at most once; only reversals carry the column, so the index
        // holds them alone and an ordinary transfer pays nothing for it.
        builder.HasIndex(x => x.ReversesTransferId).IsUnique().HasFilter("reverses_transfer_id IS NOT NULL");
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_budget_transfers_amount_positive", "amount > 0");
            t.HasCheckConstraint("ck_budget_transfers_distinct_accounts", "from_account_id <> to_account_id");
        });
        // No foreign keys to budget_accounts: budget_transfer records a transfer only after it has
        // locked and moved both accounts of the transfer's workspace in the same statement, and
        // accounts are never deleted. The two key checks per insert cost more than the rest of
        // the write.
    }
}
