using System.Net.Http.Json;
using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Learning;
using LoopDrive.Core.Voice;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>The daily trend points of <c>/api/learning/snippets</c> and <c>/prompt-versions</c> carry the credible interval as of each day.</summary>
public sealed class LearningTrendTests(TestServers servers) : ApiTest(servers)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Each_day_of_a_trend_holds_its_interval_which_narrows_as_evidence_accumulates_and_ends_at_the_arms_own()
    {
        var (workspace, key) = await CreateWorkspaceAsync("learning-trends");
        await using (var db = Servers.CreateDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            db.Snippets.Add(new Snippet { Id = "snip_trend", WorkspaceId = workspace.Id, BrandId = "brand_t", Channel = "email", Objective = "nurture",
                Text = "Trend", Usage = "opening", Impressions = 60, Conversions = 30, WinRate = 31.0 / 62, CreatedAt = now, UpdatedAt = now });
            // Ten deliveries a day; the day before the window still counts toward the first day's posterior.
            foreach (var (offset, wins) in new[] { (-3, 2.0), (-2, 4.0), (-1, 9.0), (0, 15.0) })
                db.LearningArmDays.Add(new LearningArmDay { WorkspaceId = workspace.Id, Kind = ArmKinds.Snippet, ArmKey = "snip_trend", Day = Today.AddDays(offset),
                    Trials = offset == 0 ? 30 : 10, Successes = wins });
            var promptKey = ArmKinds.PromptKey("brand_t", "email_nurture", "email", 1);
            db.LearningArms.Add(new LearningArm { WorkspaceId = workspace.Id, Kind = ArmKinds.PromptVersion, ArmKey = promptKey, BrandId = "brand_t",
                UseCase = "email_nurture", Channel = "email", Trials = 400, Successes = 120, UpdatedAt = now });
            db.LearningArmDays.Add(new LearningArmDay { WorkspaceId = workspace.Id, Kind = ArmKinds.PromptVersion, ArmKey = promptKey, Day = Today, Trials = 400,
                Successes = 120 });
            await db.SaveChangesAsync();
        }
        var client = ClientWithKey(key);

        var snippet = Assert.Single((await client.GetFromJsonAsync<SnippetPerformance[]>($"/api/learning/snippets?from={Today.AddDays(-2):yyyy-MM-dd}"))!);
        var prompt = Assert.Single((await client.GetFromJsonAsync<PromptVersionPerformance[]>("/api/learning/prompt-versions"))!);

        Assert.Equal([Today.AddDays(-2), Today.AddDays(-1), Today], snippet.Days.Select(d => d.Day));
        Assert.All(snippet.Days, d => Assert.True(d.Low < d.WinRate && d.WinRate < d.High, $"{d.Low} < {d.WinRate} < {d.High}"));
        var widths = snippet.Days.Select(d => d.High - d.Low).ToList();
        Assert.True(widths[0] > widths[1] && widths[1] > widths[2], string.Join(", ", widths));
        // All of the snippet's history is in the window's last day, so that day's posterior is the snippet's own.
        Assert.Equal((snippet.WinRate, snippet.Low, snippet.High), (snippet.Days[^1].WinRate, snippet.Days[^1].Low, snippet.Days[^1].High));
        // 400 trials: the trend takes its normal approximation, which stays within a few thousandths of the exact interval.
        var day = Assert.Single(prompt.Days);
        Assert.Equal(prompt.Low, day.Low, 0.005);
        Assert.Equal(prompt.High, day.High, 0.005);
    }
}
