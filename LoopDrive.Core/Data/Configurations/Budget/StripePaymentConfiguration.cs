using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class StripePaymentConfiguration : IEntityTypeConfiguration<StripePayment>
{
    public void Configure(EntityTypeBuilder<StripePayment> builder)
    {
        builder.ToTable("stripe_payments");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => x.PaymentIntentId).IsUnique();
        builder.HasIndex(x => x.IdempotencyKey).IsUnique();
        builder.HasIndex(x => x.WorkspaceId);
        builder.Json(x => x.Metadata);
    }
}
