using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Learning;
using LoopDrive.Core.People;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Voice;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>How <c>learning.tune</c> ties outcomes that name no send id, in one batch read: by provider id, by the person's last send, through merges.</summary>
public sealed class TuneTieTests(TestServers servers) : ApiTest(servers)
{
    private static readonly DateTimeOffset SentAt = new(2026, 3, 4, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Outcomes_tie_by_provider_id_and_by_the_last_send_on_the_channel_and_a_merged_away_id_teaches_its_survivor()
    {
        var (workspace, _) = await CreateWorkspaceAsync("tie");
        await using (var db = Servers.CreateDbContext())
        {
            db.Persons.AddRange(
                new Person { Id = "per_keep", WorkspaceId = workspace.Id, Timezone = "Asia/Tokyo", CreatedAt = SentAt, UpdatedAt = SentAt },
                new Person { Id = "per_old", WorkspaceId = workspace.Id, MergedIntoId = "per_keep", CreatedAt = SentAt, UpdatedAt = SentAt });
            db.Snippets.Add(new Snippet
            {
                Id = "snip_tie", WorkspaceId = workspace.Id, BrandId = "brand_tie", Channel = "email", Objective = "nurture", Text = "x", Usage = "opening",
                CreatedAt = SentAt, UpdatedAt = SentAt,
            });
            foreach (var (id, channel, external) in new[] { ("snd_mail", "email", "ext_mail"), ("snd_text", "sms", (string?)null) })
            {
                db.Compositions.Add(new Composition
                {
                    Id = "cmp_" + id, WorkspaceId = workspace.Id, BrandId = "brand_tie", PersonId = "per_keep", Channel = channel, Objective = "nurture",
                    Purpose = "send", Source = "template", Model = "template", PromptVersion = $"{channel}_nurture@v1", SnippetsUsed = ["snip_tie"],
                    Messages = "[]", Guardrails = "[]", CreatedAt = SentAt,
                });
                db.Sends.Add(new Send
                {
                    Id = id, WorkspaceId = workspace.Id, PersonId = "per_keep", Channel = channel, Purpose = "marketing", Status = "sent", BrandId = "brand_tie",
                    CompositionId = "cmp_" + id, QueuedAt = SentAt, ScheduledFor = SentAt, SentAt = SentAt, UpdatedAt = SentAt, ExternalId = external,
                });
            }
            await db.SaveChangesAsync();
        }

        var result = await ApplyAsync(workspace.Id,
            new LearningOutcomeObserved("evt_1", workspace.Id, "email.delivered", "per_old", "email", null, "ext_mail", SentAt.AddMinutes(1)),
            new LearningOutcomeObserved("evt_2", workspace.Id, "sms.delivered", "per_keep", "sms", null, null, SentAt.AddMinutes(2)),
            new LearningOutcomeObserved("evt_3", workspace.Id, "sms.replied", "per_keep", "sms", null, null, SentAt.AddMinutes(30)),
            new LearningOutcomeObserved("evt_4", workspace.Id, "email.clicked", "per_nobody", "email", null, null, SentAt.AddMinutes(3)));

        Assert.Equal(new ApplyOutcomes.Result(3, 1, 0), result);
        await using var check = Servers.CreateDbContext();
        var states = await check.LearningSendStates.OrderBy(s => s.SendId).ToListAsync();
        Assert.Equal([("snd_mail", true, false), ("snd_text", true, true)], states.Select(s => (s.SendId, s.Counted, s.Converted)));
        var snippet = await check.Snippets.SingleAsync();
        Assert.Equal((2, 1), (snippet.Impressions, snippet.Conversions));
        // Cells are the survivor's, in their own clock: 19:00 UTC on a Wednesday is Thursday 04:00 in Tokyo.
        var cells = await check.SendTimeCells.ToListAsync();
        Assert.All(cells, c => Assert.Equal(("per_keep", 3 * 24 + 4), (c.PersonId, (int)c.HourOfWeek)));
        Assert.Equal(2.0, cells.Sum(c => c.Trials));
    }

    private async Task<ApplyOutcomes.Result> ApplyAsync(string workspaceId, params LearningOutcomeObserved[] outcomes)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await scope.ServiceProvider.GetRequiredService<ApplyOutcomes>()
            .HandleAsync([.. outcomes.Select(o => (o, DateTimeOffset.UtcNow))], CancellationToken.None);
        await transaction.CommitAsync();
        return result;
    }
}
