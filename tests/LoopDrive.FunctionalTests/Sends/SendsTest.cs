using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.Contracts.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using Npgsql;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>A workspace, its client, and people with or without consent to write to.</summary>
public abstract class SendsTest(TestServers servers) : ApiTest(servers)
{
    protected HttpClient Client { get; private set; } = null!;
    protected string WorkspaceId { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (workspace, key) = await CreateWorkspaceAsync("sends");
        WorkspaceId = workspace.Id;
        Client = ClientWithKey(key);
    }

    protected async Task<string> CreatePersonAsync(string email, string? phone = null, bool consent = true, HttpClient? client = null)
    {
        client ??= Client;
        var response = await client.PostAsJsonAsync("/api/person/resolve", new { email, phone, firstName = "Ana" });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<PersonResolutionResult>())!.Person.Id;
        if (consent)
        {
            foreach (var channel in new[] { "email", "sms", "instagram" })
                (await client.PostAsJsonAsync($"/api/person/{id}/consent", new ConsentUpdate(channel, "marketing", "granted", "form"))).EnsureSuccessStatusCode();
        }
        return id;
    }

    /// <summary>An executing allocation with an envelope for the channel, funded from the wallet.</summary>
    protected async Task<string> FundEnvelopeAsync(string channel, long cents)
    {
        await using var db = Servers.CreateDbContext();
        await new EnsureWallet(db, TimeProvider.System).HandleAsync(WorkspaceId, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        db.BudgetAllocations.Add(new BudgetAllocation
        {
            Id = "alloc_sends", WorkspaceId = WorkspaceId, Status = AllocationStatuses.Executing, Allocations = "[]", ExecutedAt = now, CreatedAt = now,
        });
        await db.SaveChangesAsync();
        var envelope = LedgerAccounts.Envelope("alloc_sends", channel);
        await using var dataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        var ledger = new BudgetLedger(db, dataSource, TimeProvider.System);
        await ledger.EnsureAccountsAsync(WorkspaceId,
            [(envelope, LedgerAccountKinds.Envelope, "alloc_sends", channel), (LedgerAccounts.Spent(WorkspaceId, channel), LedgerAccountKinds.Spent, null, channel)],
            CancellationToken.None);
        await ReserveAsync(envelope, channel, cents);
        return envelope;
    }

    protected async Task ReserveAsync(string envelope, string channel, long cents)
    {
        if (cents == 0) return;
        await using var db = Servers.CreateDbContext();
        await using var dataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        var ledger = new BudgetLedger(db, dataSource, TimeProvider.System);
        Assert.Equal(TransferStatus.Ok, (await ledger.TransferAsync(new LedgerTransfer(Ids.New("tr"), WorkspaceId, LedgerAccounts.Clearing(WorkspaceId),
            LedgerAccounts.Wallet(WorkspaceId), cents, TransferKinds.TopUp, WalletTxType: "credit", WalletTxSource: "manual"), CancellationToken.None)).Status);
        Assert.Equal(TransferStatus.Ok, (await ledger.TransferAsync(new LedgerTransfer(Ids.New("tr"), WorkspaceId, LedgerAccounts.Wallet(WorkspaceId),
            envelope, cents, TransferKinds.Reserve, "alloc_sends", channel, WalletTxType: "debit", WalletTxSource: "campaign_spend", LedgerType: "planned"),
            CancellationToken.None)).Status);
    }

    protected async Task GrantAsync(string person, string channel) =>
        (await Client.PostAsJsonAsync($"/api/person/{person}/consent", new ConsentUpdate(channel, "marketing", "granted", "form"))).EnsureSuccessStatusCode();

    /// <summary>A person known only by a platform handle (an X user id, an Instagram-scoped id), with marketing consent on that platform.</summary>
    protected async Task<string> CreateHandlePersonAsync(string handle, string platform)
    {
        var response = await Client.PostAsJsonAsync("/api/person/resolve", new { handle, type = platform });
        response.EnsureSuccessStatusCode();
        var person = (await response.Content.ReadFromJsonAsync<PersonResolutionResult>())!.Person.Id;
        await GrantAsync(person, platform);
        return person;
    }

    /// <summary>The row intake writes for a person's own message on a DM channel: what opens a messaging window.</summary>
    protected async Task AddInboundAsync(string person, string channel, DateTimeOffset at)
    {
        await using var db = Servers.CreateDbContext();
        db.Events.Add(new Core.Events.Event
        {
            Id = Core.Common.Ids.New("evt"), WorkspaceId = WorkspaceId, PersonId = person, Type = "dm.replied", Channel = channel, Source = channel,
            Payload = """{"text":"hi"}""", Ts = at,
        });
        await db.SaveChangesAsync();
    }

    protected async Task<SendStatus> StatusAsync(string sendId) =>
        (await Client.GetFromJsonAsync<SendStatus>($"/api/send/{sendId}/status"))!;
}
