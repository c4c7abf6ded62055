using System.Text.Json;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoopDrive.Core.Learning;

/// <summary>
/// One pass of the objective scheduler over a workspace: active objectives whose person is due a
/// touch (the last touch's gap has passed and no send of the objective is still pending) get
/// their next send through <see cref="AcceptSend"/>, without content so Voice composes it, on a
/// channel from <see cref="TouchChannels"/> whose messaging window is open when the touch goes, at
/// the person's best local hour within the horizon.
/// Objectives are locked with SKIP LOCKED so replicas split the work, and each touch is keyed by
/// (objective, touch number) read in the same snapshot as the due check, so even a replica that
/// slipped past the lock cannot touch anyone twice for one slot: its insert fails and its batch
/// rolls back. A slot where no channel can be used is recorded as skipped and retried a gap later.
/// </summary>
public sealed class ScheduleObjectiveTouches(
    LoopDriveDbContext db,
    AcceptSend accept,
    WorkspacePolicies workspaces,
    IOptions<LearningOptions> learning,
    IOptions<SendOptions> sends,
    TimeProvider clock)
{
    private static readonly TimeSpan ChannelLookback = TimeSpan.FromDays(30);

    public sealed record Result(int Due, int Scheduled, int Skipped);

    /// <summary>Workspaces with at least one active objective.</summary>
    public async Task<IReadOnlyList<string>> WorkspacesAsync(CancellationToken cancellationToken) =>
        await db.Objectives.IgnoreQueryFilters().Where(o => o.Status == "active").Select(o => o.WorkspaceId).Distinct().ToListAsync(cancellationToken);

    public async Task<Result> HandleAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var o = learning.Value.Objectives;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await DueAsync(workspaceId, Math.Max(1, o.BatchSize), now, cancellationToken);
        if (due.Count == 0) return new Result(0, 0, 0);

        var facts = await TouchFacts.LoadAsync(db, workspaceId, due.Select(d => d.PersonId).Distinct().ToList(), now - ChannelLookback, cancellationToken);
        var policy = await workspaces.GetAsync(workspaceId, cancellationToken);
        var s = sends.Value;
        var template = string.IsNullOrWhiteSpace(o.WhatsAppTemplate) ? null : new DmTemplate(o.WhatsAppTemplate, MessagingWindow.DefaultTemplateLanguage);
        int scheduled = 0, skipped = 0;
        foreach (var objective in due)
        {
            var touch = objective.LastTouch + 1;
            var random = new Random(StableSeed(objective.Id, touch));
            var person = facts.Person(objective.PersonId);
            var zone = RecipientTimeZones.Resolve(person?.Timezone, facts.Phone(objective.PersonId), policy.Timezone);
            var gap = o.Scaled(facts.Gap(objective.PersonId, o.DefaultGap));
            if (person is null || person.ErasedAt is not null || person.MergedIntoId is not null)
            {
                Skip(workspaceId, objective, touch, "person_not_found", now + gap, now);
                skipped++;
                continue;
            }
            var eligible = TouchChannels.Eligible(facts.Consents(objective.PersonId), facts.IdentityTypes(objective.PersonId), facts.Envelopes,
                s.PriceCents, s.RequireEnvelope, now);
            if (eligible.Count == 0)
            {
                Skip(workspaceId, objective, touch, "no_channel", now + gap, now);
                skipped++;
                continue;
            }
            // The hour does not depend on the channel, so it is chosen first and the windows are judged when the touch goes.
            var (rates, trials) = facts.Rates(objective.PersonId);
            var (at, _) = LocalSendTimes.Choose(now, zone, o.Scaled(o.SendTimeHorizon), s.WindowOpensHour, s.WindowClosesHour,
                rates, trials, facts.PopulationTrials, random);
            var open = TouchChannels.Open(eligible, c => facts.LastInbound(objective.PersonId, c), template, at > now ? at : now);
            if (open.Count == 0)
            {
                Skip(workspaceId, objective, touch, MessagingWindow.OutsideCode, now + gap, now);
                skipped++;
                continue;
            }
            var channel = TouchChannels.Pick(open, facts.ChannelPosteriors, s.PriceCents, random);

            var fields = new Dictionary<string, object> { ["objectiveId"] = objective.Id, ["touch"] = touch };
            if (channel == "whatsapp" && template is not null) fields[MessagingWindow.TemplateKey] = template.Name;
            var metadata = JsonSerializer.Serialize(fields);
            var outcome = await accept.PrepareAsync(workspaceId, new SendDraft(channel, objective.PersonId, null, null, null, null, o.BrandId,
                objective.Type, null, null, null, null, null, metadata, at > now ? at : null), cancellationToken);
            if (outcome is AcceptOutcome.Accepted { Send: var send })
            {
                db.ObjectiveTouches.Add(new ObjectiveTouch
                {
                    WorkspaceId = workspaceId, ObjectiveId = objective.Id, Touch = touch, PersonId = objective.PersonId,
                    Status = ObjectiveTouchStatuses.Scheduled, SendId = send.Id, Channel = channel, ScheduledFor = send.ScheduledFor,
                    NextDueAt = send.ScheduledFor + gap, CreatedAt = now,
                });
                scheduled++;
            }
            else
            {
                Skip(workspaceId, objective, touch, outcome is AcceptOutcome.Refused r ? r.Code : "person_not_found", now + gap, now);
                skipped++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Result(due.Count, scheduled, skipped);
    }

    private void Skip(string workspaceId, DueObjective objective, int touch, string reason, DateTimeOffset nextDueAt, DateTimeOffset now) =>
        db.ObjectiveTouches.Add(new ObjectiveTouch
        {
            WorkspaceId = workspaceId, ObjectiveId = objective.Id, Touch = touch, PersonId = objective.PersonId,
            Status = ObjectiveTouchStatuses.Skipped, Reason = reason, NextDueAt = nextDueAt, CreatedAt = now,
        });

    /// <summary>Active objectives due now, locked; the last touch number comes from the same snapshot as the due check.</summary>
    private Task<List<DueObjective>> DueAsync(string workspaceId, int batchSize, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<DueObjective>($"""
            select o.id, o.person_id, o.type,
                   coalesce((select max(t.touch) from objective_touches t where t.objective_id = o.id), 0) as last_touch
            from objectives o
            where o.workspace_id = {workspaceId} and o.status = 'active'
              and not exists (select 1 from objective_touches t where t.objective_id = o.id and t.next_due_at > {now})
              and not exists (select 1 from objective_touches t join sends s on s.id = t.send_id
                              where t.objective_id = o.id and s.status in ('queued', 'deferred', 'dispatching'))
            order by o.priority desc nulls last, o.id
            limit {batchSize}
            for update of o skip locked
            """).ToListAsync(cancellationToken);

    /// <summary>A seed fixed by the slot, so the same slot always draws the same channel and hour.</summary>
    private static int StableSeed(string objectiveId, int touch)
    {
        var hash = 2166136261u;
        foreach (var c in objectiveId) hash = (hash ^ c) * 16777619u;
        return unchecked((int)((hash ^ (uint)touch) * 16777619u));
    }

    private sealed class DueObjective
    {
        public string Id { get; init; } = "";
        public string PersonId { get; init; } = "";
        public string Type { get; init; } = "";
        public int LastTouch { get; init; }
    }
}
