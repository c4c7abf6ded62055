using LoopDrive.Core.Sends;
using LoopDrive.Infrastructure.Learning.World;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>A seeded short run of the world: the direction of learning, not magic numbers.</summary>
public sealed class WorldDirectionTests
{
    [Fact]
    public void In_a_short_seeded_run_the_strong_snippet_gains_traffic_and_the_bandit_beats_an_equal_split()
    {
        var report = LoopSimulation.Run(new WorldParameters { Seed = 7, Persons = 300 }, sends: 3000, days: 7);

        Assert.True(report.StrongSnippetShareLate > report.StrongSnippetShareEarly,
            $"strong snippet share {report.StrongSnippetShareEarly:P0} → {report.StrongSnippetShareLate:P0}");
        Assert.True(report.BudgetRegretBandit < report.BudgetRegretEqual, $"bandit {report.BudgetRegretBandit:F2} vs equal {report.BudgetRegretEqual:F2}");
        Assert.True(report.SnippetRegretThompson < report.SnippetRegretUniform);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_the_same_answers_to_a_send()
    {
        var parameters = new WorldParameters { Seed = 11, Persons = 100 };
        Assert.Equal(LoopSimulation.Run(parameters, 500, 3).Engagements, LoopSimulation.Run(parameters, 500, 3).Engagements);

        var delivery = new SandboxDelivery("ws_1", "snd_1", "per_1", "email", "a@example.com", "Hi", "Body", new DateTimeOffset(2026, 3, 4, 19, 0, 0, TimeSpan.Zero),
            ["snip_1"], "email_nurture@v1");
        var first = new WorldAudience(new SimulatedWorld(parameters), WorldClocks.Utc).React(delivery);
        var second = new WorldAudience(new SimulatedWorld(parameters), WorldClocks.Utc).React(delivery);
        Assert.Equal(first, second);
        Assert.Contains(first, r => r.Kind is SandboxReactions.Delivered or SandboxReactions.Bounce);
    }

    [Fact]
    public void A_person_answers_more_at_their_active_hour_than_twelve_hours_away()
    {
        var world = new SimulatedWorld(new WorldParameters { Seed = 3 });
        var person = world.Person(5);
        var best = world.Engagement(person, 0, 1, 1, 0, person.ActiveHour, null);
        var worst = world.Engagement(person, 0, 1, 1, 0, (person.ActiveHour + 12) % 24, null);
        var tired = world.Engagement(person, 0, 1, 1, 0, person.ActiveHour, 0.1);

        Assert.True(best > 3 * worst, $"best {best}, worst {worst}");
        Assert.True(tired < best);
    }
}
