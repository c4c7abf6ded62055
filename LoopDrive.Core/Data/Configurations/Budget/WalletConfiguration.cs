using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class WalletConfiguration : IEntityTypeConfiguration<Wallet>
{
    public void Configure(EntityTypeBuilder<Wallet> builder)
    {
        builder.ToTable("wallets");
        builder.HasKey(x => x.Id);
        builder.HasIndex(x => x.WorkspaceId).IsUnique();
        // The database, not the code path, guarantees a wallet is never overdrawn.
        builder.ToTable(t => t.HasCheckConstraint("ck_wallets_balance_non_negative", "balance >= 0"));
        builder.Json(x => x.Metadata);
    }
}
