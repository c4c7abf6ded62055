using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Budget;

/// <summary>
/// A workspace's wallet with its ledger accounts (wallet available, payment clearing), created on
/// first use. Safe to race: every insert is ON CONFLICT DO NOTHING.
/// </summary>
public sealed class EnsureWallet(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task<Wallet?> HandleAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var wallet = await db.Wallets.IgnoreQueryFilters().FirstOrDefaultAsync(w => w.WorkspaceId == workspaceId, cancellationToken);
        if (wallet is not null) return wallet;

        var now = clock.GetUtcNow();
        var walletId = Ids.New(IdPrefixes.Wallet, clock);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO wallets (id, workspace_id, organization_id, balance, currency, status, auto_reload_enabled, created_at, updated_at)
            SELECT {walletId}, w.id, w.organization_id, 0, 'usd', 'active', FALSE, {now}, {now} FROM workspaces w WHERE w.id = {workspaceId}
            ON CONFLICT (workspace_id) DO NOTHING
            """, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO budget_accounts (id, workspace_id, kind, wallet_id, balance, allow_negative, created_at)
            SELECT {LedgerAccounts.Wallet(workspaceId)}, {workspaceId}, 'wallet', wl.id, 0, FALSE, {now}
            FROM wallets wl WHERE wl.workspace_id = {workspaceId}
            ON CONFLICT (id) DO NOTHING;
            INSERT INTO budget_accounts (id, workspace_id, kind, balance, allow_negative, created_at)
            SELECT {LedgerAccounts.Clearing(workspaceId)}, {workspaceId}, 'clearing', 0, TRUE, {now}
            WHERE EXISTS (SELECT 1 FROM wallets wl WHERE wl.workspace_id = {workspaceId})
            ON CONFLICT (id) DO NOTHING;
            """, cancellationToken);
        return await db.Wallets.IgnoreQueryFilters().FirstOrDefaultAsync(w => w.WorkspaceId == workspaceId, cancellationToken);
    }
}
