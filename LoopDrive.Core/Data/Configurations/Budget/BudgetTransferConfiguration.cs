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
        builder.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        builder.HasIndex(x => x.AllocationId);
        builder.HasIndex(x => x.ReferenceId);
        // A transfer is reversed at most once.
        builder.HasIndex(x => x.ReversesTransferId).IsUnique();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_budget_transfers_amount_positive", "amount > 0");
            t.HasCheckConstraint("ck_budget_transfers_distinct_accounts", "from_account_id <> to_account_id");
        });
        builder.HasOne<BudgetAccount>().WithMany().HasForeignKey(x => x.FromAccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BudgetAccount>().WithMany().HasForeignKey(x => x.ToAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
