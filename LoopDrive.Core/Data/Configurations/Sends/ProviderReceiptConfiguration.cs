using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Sends;

internal sealed class ProviderReceiptConfiguration : IEntityTypeConfiguration<ProviderReceipt>
{
    public void Configure(EntityTypeBuilder<ProviderReceipt> builder)
    {
        builder.ToTable("send_provider_receipts");
        builder.HasKey(x => new { x.Provider, x.EventId });
        builder.HasIndex(x => x.ReceivedAt);
    }
}
