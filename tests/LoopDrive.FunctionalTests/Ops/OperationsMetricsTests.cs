using System.Diagnostics.Metrics;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.Core.Platform;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoopDrive.FunctionalTests.Ops;

[Collection(ServersCollection.Name)]
public sealed class OperationsMetricsTests(TestServers servers) : IAsyncLifetime
{
    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sample_reports_each_wallet_balance_by_workspace_and_currency()
    {
        string workspaceId;
        await using (var db = servers.CreateDbContext())
        {
            var created = await new CreateWorkspace(db, TimeProvider.System)
                .HandleAsync("metrics", "metrics", null, "US", "UTC", null, CancellationToken.None);
            workspaceId = created.Workspace.Id;
            db.Wallets.RemoveRange(db.Wallets.Where(w => w.WorkspaceId == workspaceId));
            db.Wallets.Add(new Wallet
            {
                Id = Ids.New(IdPrefixes.Wallet), WorkspaceId = workspaceId, OrganizationId = created.Workspace.OrganizationId!,
                Balance = 123_456, Currency = "eur", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var services = new ServiceCollection().AddMetrics().AddSingleton<OperationsMetrics>().BuildServiceProvider();
        var metrics = services.GetRequiredService<OperationsMetrics>();
        await using var database = NpgsqlDataSource.Create(servers.DatabaseConnectionString);
        await metrics.SampleAsync(database, CancellationToken.None);

        var seen = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == OperationsMetrics.Name) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        listener.RecordObservableInstruments();

        var balance = Assert.Single(seen, m => m.Instrument == "loopdrive.budget.wallet.balance" && (string?)m.Tags["workspace"] == workspaceId);
        Assert.Equal(123_456, balance.Value);
        Assert.Equal("eur", balance.Tags["currency"]);
        Assert.DoesNotContain(seen, m => m.Instrument == "loopdrive.sends.recent");
    }
}
