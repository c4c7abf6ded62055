using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

public sealed partial class LoopDriveDbContext
{
    public DbSet<Wallet> Wallets => Set<Wallet>();
    public DbSet<WalletTransaction> WalletTransactions => Set<WalletTransaction>();
    public DbSet<BudgetProfile> BudgetProfiles => Set<BudgetProfile>();
    public DbSet<BudgetAllocation> BudgetAllocations => Set<BudgetAllocation>();
    public DbSet<BudgetLedgerEntry> BudgetLedger => Set<BudgetLedgerEntry>();
    public DbSet<StripePayment> StripePayments => Set<StripePayment>();
    public DbSet<StripePayout> StripePayouts => Set<StripePayout>();
    public DbSet<BudgetAccount> BudgetAccounts => Set<BudgetAccount>();
    public DbSet<BudgetTransfer> BudgetTransfers => Set<BudgetTransfer>();
    public DbSet<SpendAlert> SpendAlerts => Set<SpendAlert>();
    public DbSet<ChannelPerformanceDay> ChannelPerformance => Set<ChannelPerformanceDay>();
    public DbSet<StripeWebhookEvent> StripeWebhookEvents => Set<StripeWebhookEvent>();
}
