using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Learning.World;
using Npgsql;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>The world reads each recipient's clock by the gate's rule: own zone, else the SMS/WhatsApp number's region, else the workspace's.</summary>
public sealed class WorldClocksTests(TestServers servers) : ApiTest(servers)
{
    private static readonly DateTimeOffset Evening = new(2026, 3, 4, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_message_is_judged_at_the_hour_it_arrives_where_the_recipient_lives()
    {
        string workspaceId;
        await using (var db = Servers.CreateDbContext())
        {
            workspaceId = (await new CreateWorkspace(db, TimeProvider.System)
                .HandleAsync("clocks", "clocks", null, "US", "America/New_York", null, CancellationToken.None)).Workspace.Id;
            var now = DateTimeOffset.UtcNow;
            db.Persons.AddRange(
                new Person { Id = "per_tokyo", WorkspaceId = workspaceId, Timezone = "Asia/Tokyo", CreatedAt = now, UpdatedAt = now },
                new Person { Id = "per_nozone", WorkspaceId = workspaceId, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }
        await using var database = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        var clocks = new WorldClocks(database);

        int LocalHour(string personId, string channel, string recipient) =>
            TimeZoneInfo.ConvertTime(Evening, clocks.ZoneOf(Delivery(workspaceId, personId, channel, recipient))).Hour;

        Assert.Equal(4, LocalHour("per_tokyo", "sms", "+442071838750"));
        Assert.Equal(19, LocalHour("per_nozone", "sms", "+442071838750"));
        Assert.Equal(14, LocalHour("per_nozone", "email", "someone@example.com"));
        Assert.Equal(19, TimeZoneInfo.ConvertTime(Evening, WorldClocks.Utc.ZoneOf(Delivery(workspaceId, "per_tokyo", "email", "x@example.com"))).Hour);
    }

    private static SandboxDelivery Delivery(string workspaceId, string personId, string channel, string recipient) =>
        new(workspaceId, "snd_" + personId, personId, channel, recipient, null, "Body", Evening, [], null);
}
