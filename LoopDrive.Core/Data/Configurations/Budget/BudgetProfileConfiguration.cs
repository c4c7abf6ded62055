using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class BudgetProfileConfiguration : IEntityTypeConfiguration<BudgetProfile>
{
    public void Configure(EntityTypeBuilder<BudgetProfile> builder)
    {
        builder.ToTable("budget_profiles");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => x.WorkspaceId);
        builder.RequiredJson(x => x.Objectives);
        builder.RequiredJson(x => x.Constraints);
        builder.Json(x => x.Metadata);
    }
}
