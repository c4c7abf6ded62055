using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

public sealed partial class LoopDriveDbContext
{
    public DbSet<Send> Sends => Set<Send>();
    public DbSet<SendAttempt> SendAttempts => Set<SendAttempt>();
    public DbSet<SendEvent> SendEvents => Set<SendEvent>();
    public DbSet<Suppression> Suppressions => Set<Suppression>();
    public DbSet<BulkSendJob> BulkSendJobs => Set<BulkSendJob>();
    public DbSet<ProviderReceipt> ProviderReceipts => Set<ProviderReceipt>();
    public DbSet<PendingSandboxWebhook> PendingSandboxWebhooks => Set<PendingSandboxWebhook>();
}
