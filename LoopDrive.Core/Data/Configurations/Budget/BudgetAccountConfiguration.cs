using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class BudgetAccountConfiguration : IEntityTypeConfiguration<BudgetAccount>
{
    public void Configure(EntityTypeBuilder<BudgetAccount> builder)
    {
        builder.ToTable("budget_accounts");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.WorkspaceId, x.Kind });
        builder.HasIndex(x => x.AllocationId);
        // Only the clearing account (money owed by the outside world) may go negative; the
        // database refuses any other overdraft whatever the code path.
        builder.ToTable(t => t.HasCheckConstraint("ck_budget_accounts_balance", "allow_negative OR balance >= 0"));
    }
}
