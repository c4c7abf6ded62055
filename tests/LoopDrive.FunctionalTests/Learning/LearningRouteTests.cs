using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Client;
using LoopDrive.Contracts.Learning;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Learning;
using LoopDrive.Core.People;
using LoopDrive.Core.Spine;
using LoopDrive.Core.Voice;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>The <c>/api/learning</c> read routes over seeded loop state, their bad input, and their place in the OpenAPI document.</summary>
public sealed class LearningRouteTests(TestServers servers) : ApiTest(servers)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private HttpClient _client = null!;
    private string _workspaceId = null!;
    private string _key = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (workspace, key) = await CreateWorkspaceAsync("learning-routes");
        _workspaceId = workspace.Id;
        _key = key;
        _client = ClientWithKey(key);
    }

    [Fact]
    public async Task Performance_topics_send_times_and_health_read_what_the_loop_wrote()
    {
        var personId = await SeedAsync();

        var snippets = await _client.GetFromJsonAsync<SnippetPerformance[]>($"/api/learning/snippets?brandId=brand_r&from={Today.AddDays(-3):yyyy-MM-dd}");
        var strong = Assert.Single(snippets!, s => s.SnippetId == "snip_strong");
        Assert.Equal((40, 20), (strong.Impressions, strong.Conversions));
        Assert.InRange(strong.WinRate, strong.Low, strong.High);
        Assert.Equal([Today.AddDays(-1), Today], strong.Days.Select(d => d.Day));
        Assert.True(strong.Days[^1].WinRate > strong.Days[0].WinRate);

        var prompts = (await _client.GetFromJsonAsync<PromptVersionPerformance[]>("/api/learning/prompt-versions?brandId=brand_r&useCase=EMAIL_NURTURE"))!;
        Assert.Equal([1, 2], prompts.Select(p => p.Version));
        Assert.True(prompts[1].WinRate > prompts[0].WinRate);
        Assert.Equal("email", prompts[0].Channel);

        var history = await _client.GetFromJsonAsync<TopicWeightHistory>($"/api/learning/topics?personId={personId}");
        Assert.Equal([("pricing", 0.4), ("pricing", 0.6)], history!.Points.Select(p => (p.Topic, p.Weight)));
        var workspaceHistory = await _client.GetFromJsonAsync<TopicWeightHistory>("/api/learning/topics");
        Assert.Null(workspaceHistory!.PersonId);
        Assert.Equal(2, workspaceHistory.Points.Count);

        var mine = await _client.GetFromJsonAsync<SendTimeHeatmap>($"/api/learning/send-times?personId={personId}");
        Assert.Equal(168, mine!.Rates.Count);
        // The best two-hour window is the one holding 19:00.
        Assert.Contains(mine.BestStartHourOfWeek % 24, new[] { 18, 19 });
        Assert.Equal((20.0, 12.0), (mine.Sends, mine.Engagements));
        var everyone = await _client.GetFromJsonAsync<SendTimeHeatmap>("/api/learning/send-times");
        Assert.Null(everyone!.PersonId);
        Assert.Equal(SendTimeEstimator.DefaultGap.TotalHours, everyone.RecommendedGapHours);

        var health = await _client.GetFromJsonAsync<LoopHealth>("/api/learning/health");
        Assert.Equal((7L, 2L, 1L), (health!.Processed, health.Dropped, health.Ignored));
        Assert.Equal(30, health.MeanLagMs, 3);
        Assert.Equal(90, health.MaxLagMs);
        // Messages carry several outcomes each: the figure counts the outcomes, of this workspace only.
        Assert.Equal(5L, health.Pending);
    }

    [Fact]
    public async Task Bad_windows_are_refused_with_the_field_named_and_the_routes_are_in_the_openapi_document()
    {
        var backwards = await _client.GetAsync("/api/learning/snippets?from=2026-03-10&to=2026-03-01");
        var tooLong = await _client.GetAsync("/api/learning/topics?from=2020-01-01&to=2026-01-01");
        var badLimit = await _client.GetAsync("/api/learning/snippets?limit=0");
        var health = await _client.GetAsync("/api/learning/health?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z");
        var anonymous = await ClientWithKey(null).GetAsync("/api/learning/health");

        await backwards.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await badLimit.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await health.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("\"limit\"", await badLimit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var paths = JsonDocument.Parse(await ClientWithKey(null).GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var route in new[] { "snippets", "prompt-versions", "topics", "send-times", "health" })
            Assert.True(paths.TryGetProperty($"/api/learning/{route}", out _), $"/api/learning/{route} is not in the OpenAPI document");
    }

    [Fact]
    public async Task Every_learning_route_answers_through_the_client()
    {
        var personId = await SeedAsync();
        var sdk = new LoopDriveClient(Factory.CreateClient(), new LoopDriveClientOptions { BaseAddress = Factory.Server.BaseAddress, ApiKey = _key });

        var snippets = await sdk.Learning.SnippetsAsync("brand_r", "email", Today.AddDays(-1), Today, limit: 1);
        var prompts = await sdk.Learning.PromptVersionsAsync("brand_r", "email_nurture", "email");
        var topics = await sdk.Learning.TopicsAsync(personId, "pricing", Today, Today);
        var heatmap = await sdk.Learning.SendTimesAsync(personId);
        var health = await sdk.Learning.HealthAsync(DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Equal("snip_strong", Assert.Single(snippets).SnippetId);
        Assert.Equal(2, snippets[0].Days.Count);
        Assert.Equal(2, prompts.Length);
        Assert.Equal(0.6, Assert.Single(topics.Points).Weight);
        Assert.Equal(personId, heatmap.PersonId);
        Assert.Equal(7, health.Processed);
        var refused = await Assert.ThrowsAsync<LoopDriveApiException>(() => sdk.Learning.SnippetsAsync(from: Today, to: Today.AddDays(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }

    private async Task<string> SeedAsync()
    {
        await using var db = Servers.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var person = new Person { Id = "per_routes", WorkspaceId = _workspaceId, CreatedAt = now, UpdatedAt = now };
        db.Persons.Add(person);
        db.Snippets.AddRange(
            new Snippet { Id = "snip_strong", WorkspaceId = _workspaceId, BrandId = "brand_r", Channel = "email", Objective = "nurture", Text = "Strong", Usage = "opening",
                Impressions = 40, Conversions = 20, WinRate = 21.0 / 42, CreatedAt = now, UpdatedAt = now },
            new Snippet { Id = "snip_weak", WorkspaceId = _workspaceId, BrandId = "brand_r", Channel = "email", Objective = "nurture", Text = "Weak", Usage = "opening",
                Impressions = 40, Conversions = 2, WinRate = 3.0 / 42, CreatedAt = now, UpdatedAt = now });
        db.LearningArmDays.AddRange(
            new LearningArmDay { WorkspaceId = _workspaceId, Kind = ArmKinds.Snippet, ArmKey = "snip_strong", Day = Today.AddDays(-1), Trials = 20, Successes = 5 },
            new LearningArmDay { WorkspaceId = _workspaceId, Kind = ArmKinds.Snippet, ArmKey = "snip_strong", Day = Today, Trials = 20, Successes = 15 });
        foreach (var (version, wins) in new[] { (1, 5.0), (2, 15.0) })
        {
            var key = ArmKinds.PromptKey("brand_r", "email_nurture", "email", version);
            db.LearningArms.Add(new LearningArm { WorkspaceId = _workspaceId, Kind = ArmKinds.PromptVersion, ArmKey = key, BrandId = "brand_r", UseCase = "email_nurture",
                Channel = "email", Trials = 30, Successes = wins, UpdatedAt = now });
        }
        db.TopicWeightDays.AddRange(
            new TopicWeightDay { WorkspaceId = _workspaceId, PersonId = person.Id, Topic = "pricing", Day = Today.AddDays(-1), Weight = 0.4 },
            new TopicWeightDay { WorkspaceId = _workspaceId, PersonId = person.Id, Topic = "pricing", Day = Today, Weight = 0.6 });
        // Monday and Tuesday 19:00: engaged 6 of 10 each; the same person's 10:00 sends never engaged.
        db.SendTimeCells.AddRange(
            new SendTimeCell { WorkspaceId = _workspaceId, PersonId = person.Id, HourOfWeek = 19, Trials = 10, Successes = 6 },
            new SendTimeCell { WorkspaceId = _workspaceId, PersonId = person.Id, HourOfWeek = 24 + 19, Trials = 10, Successes = 6 });
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-5);
        db.LoopHealth.AddRange(
            new LoopDrive.Core.Learning.LoopHealthMinute { WorkspaceId = _workspaceId, Minute = minute, Processed = 4, Dropped = 1, Ignored = 1, LagMsSum = 120, LagMsMax = 90 },
            new LoopDrive.Core.Learning.LoopHealthMinute { WorkspaceId = _workspaceId, Minute = minute.AddMinutes(1), Processed = 3, Dropped = 1, LagMsSum = 90, LagMsMax = 40 });
        await db.SaveChangesAsync();

        // Outcomes still waiting for the relay (this host runs none): three in one message, two in another, one of another workspace.
        LearningOutcomeObserved Outcome(string id, string workspaceId) =>
            new(id, workspaceId, "email.clicked", person.Id, "email", null, null, now);
        await db.Database.OpenConnectionAsync();
        await Outbox.EnqueueManyAsync((NpgsqlConnection)db.Database.GetDbConnection(), StreamNames.LearningTune,
        [
            (new LearningOutcomesObserved([Outcome("evt_p1", _workspaceId), Outcome("evt_p2", _workspaceId), Outcome("evt_p3", _workspaceId)]), _workspaceId),
            (new LearningOutcomesObserved([Outcome("evt_p4", _workspaceId), Outcome("evt_p5", _workspaceId)]), _workspaceId),
            (new LearningOutcomesObserved([Outcome("evt_p6", "ws_elsewhere")]), (string?)"ws_elsewhere"),
        ], TimeProvider.System, CancellationToken.None);
        return person.Id;
    }
}
