using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class StripePayoutConfiguration : IEntityTypeConfiguration<StripePayout>
{
    public void Configure(EntityTypeBuilder<StripePayout> builder)
    {
        builder.ToTable("stripe_payouts");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => x.TransferId).IsUnique();
        builder.HasIndex(x => x.WorkspaceId);
        builder.Json(x => x.Metadata);
    }
}
