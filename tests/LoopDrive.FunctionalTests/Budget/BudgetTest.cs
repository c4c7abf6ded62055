using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.FunctionalTests.Budget;

/// <summary>A workspace, its client, and direct access to the ledger for arranging money and checking invariants.</summary>
public abstract class BudgetTest(TestServers servers) : ApiTest(servers)
{
    public const string WebhookSecret = "whsec_budget_tests";

    protected HttpClient Client { get; private set; } = null!;
    protected string ApiKey { get; private set; } = null!;
    protected string WorkspaceId { get; private set; } = null!;
    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>Shared by every ledger of the test, as DI shares one per process.</summary>
    protected LedgerGroupCommit GroupCommit { get; private set; } = null!;

    /// <summary>The sandbox settles slowly here, so tests that deliver their own events control the order.</summary>
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Stripe:WebhookSecret"] = WebhookSecret,
        ["Stripe:SandboxSettleMilliseconds"] = SettleMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected virtual int SettleMilliseconds => 600_000;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (workspace, key) = await CreateWorkspaceAsync("budget");
        WorkspaceId = workspace.Id;
        Client = ClientWithKey(key);
        ApiKey = key;
        // The concurrency tests queue hundreds of transfers on one account; on a loaded machine
        // waiting for a pooled connection can take longer than the default 15 s.
        DataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString + ";Timeout=120");
        GroupCommit = new LedgerGroupCommit(DataSource, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        await GroupCommit.DisposeAsync();
        await DataSource.DisposeAsync();
        await base.DisposeAsync();
    }

    protected (LoopDriveDbContext Db, BudgetLedger Ledger) NewLedger()
    {
        var db = Servers.CreateDbContext();
        return (db, new BudgetLedger(db, DataSource, TimeProvider.System, GroupCommit));
    }

    protected async Task EnsureWalletAsync(string workspaceId)
    {
        await using var db = Servers.CreateDbContext();
        await new EnsureWallet(db, TimeProvider.System).HandleAsync(workspaceId, CancellationToken.None);
    }

    /// <summary>Credits the wallet as a settled payment would (clearing → wallet).</summary>
    protected async Task<TransferOutcome> FundAsync(string workspaceId, long cents)
    {
        var (db, ledger) = NewLedger();
        await using (db)
            return await ledger.TransferAsync(new LedgerTransfer(Ids.New("tr"), workspaceId, LedgerAccounts.Clearing(workspaceId),
                LedgerAccounts.Wallet(workspaceId), cents, TransferKinds.TopUp, WalletTxType: "credit", WalletTxSource: "manual"), CancellationToken.None);
    }

    protected async Task<Dictionary<string, long>> BalancesAsync(string workspaceId)
    {
        await using var db = Servers.CreateDbContext();
        return await db.BudgetAccounts.Where(a => a.WorkspaceId == workspaceId).ToDictionaryAsync(a => a.Id, a => a.Balance);
    }

    /// <summary>The invariants every state must satisfy, checked from the stored rows alone.</summary>
    protected async Task AssertLedgerConsistentAsync(string workspaceId)
    {
        await using var db = Servers.CreateDbContext();
        var accounts = await db.BudgetAccounts.Where(a => a.WorkspaceId == workspaceId).ToListAsync();
        Assert.Equal(0, accounts.Sum(a => a.Balance));
        Assert.All(accounts.Where(a => !a.AllowNegative), a => Assert.True(a.Balance >= 0, $"{a.Id} is {a.Balance}"));
        var transfers = await db.BudgetTransfers.Where(t => t.WorkspaceId == workspaceId).ToListAsync();
        foreach (var account in accounts)
        {
            var net = transfers.Where(t => t.ToAccountId == account.Id).Sum(t => t.Amount)
                      - transfers.Where(t => t.FromAccountId == account.Id).Sum(t => t.Amount);
            Assert.True(net == account.Balance, $"{account.Id}: transfers net {net}, balance {account.Balance}");
        }
        var wallet = await db.Wallets.SingleAsync(w => w.WorkspaceId == workspaceId);
        Assert.Equal(accounts.Single(a => a.Kind == LedgerAccountKinds.Wallet).Balance, wallet.Balance);
        var statement = await db.WalletTransactions.Where(t => t.WalletId == wallet.Id).ToListAsync();
        Assert.Equal(wallet.Balance, statement.Sum(t => t.Amount));
        Assert.All(statement, t => Assert.True(t.Balance >= 0));
    }
}
