using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class BudgetLedgerEntryConfiguration : IEntityTypeConfiguration<BudgetLedgerEntry>
{
    public void Configure(EntityTypeBuilder<BudgetLedgerEntry> builder)
    {
        builder.ToTable("budget_ledger");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => new { x.WorkspaceId, x.Timestamp });
        builder.HasIndex(x => x.AllocationId);
        builder.Json(x => x.Metadata);
    }
}
