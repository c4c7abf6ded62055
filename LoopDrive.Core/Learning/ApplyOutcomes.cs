using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoopDrive.Core.Learning;

/// <summary>
/// The <c>learning.tune</c> effect for a batch of outcomes of one workspace, inside the consumer's
/// transaction: each outcome is tied to its send, judged (<see cref="RewardMapping"/>), and counted
/// at most once per send and kind; then snippet and prompt-version posteriors, the person's topic
/// weights, send-time cells and cadence, the channel's learned day and loop health are written,
/// one statement per table. Outcomes of unknown or erased persons are dropped and counted.
/// </summary>
public sealed partial class ApplyOutcomes(LoopDriveDbContext db, TuneStore store, IOptions<LearningOptions> options, IWorkspaceContext workspace,
    TimeProvider clock, ILogger<ApplyOutcomes> logger)
{
    public sealed record Result(int Applied, int Dropped, int Ignored);

    public async Task<Result> HandleAsync(IReadOnlyList<(LearningOutcomeObserved Outcome, DateTimeOffset EnqueuedAt)> batch, CancellationToken cancellationToken)
    {
        var workspaceId = workspace.WorkspaceId ?? throw new InvalidOperationException("No workspace is set.");
        var o = options.Value;
        var now = clock.GetUtcNow();
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var deltas = new TuneDeltas();

        var snapshot = await TuneSnapshot.LoadAsync(db, workspaceId, [.. batch.Select(b => b.Outcome)], o.TieLookback, now, cancellationToken);
        var live = snapshot.Live;
        var sends = Tie(batch.Select(b => b.Outcome).Where(x => live.ContainsKey(x.PersonId)).ToList(), snapshot, o);
        var states = snapshot.States;
        var unlocked = sends.Values.Where(s => !states.ContainsKey(s.Id)).DistinctBy(s => s.Id).ToList();
        if (unlocked.Count > 0)
            foreach (var (id, state) in await store.LockStatesAsync(workspaceId, unlocked, now, cancellationToken)) states[id] = state;
        var topics = snapshot.Topics;
        var cadence = snapshot.Cadence;
        var zones = snapshot.Zones;

        int applied = 0, dropped = 0, ignored = 0;
        foreach (var (outcome, enqueuedAt) in batch.OrderBy(b => b.Outcome.OccurredAt).ThenBy(b => b.Outcome.EventId, StringComparer.Ordinal))
        {
            var lag = Math.Max(0, (now - enqueuedAt).TotalMilliseconds);
            if (!live.ContainsKey(outcome.PersonId))
            {
                dropped++;
                deltas.Count(minute, 1, 1, 0, lag);
                continue;
            }
            if (!sends.TryGetValue(outcome.EventId, out var send))
            {
                ignored++;
                deltas.Count(minute, 1, 0, 1, lag);
                continue;
            }
            var state = states[send.Id];
            var signal = RewardMapping.Map(outcome.Type, outcome.MachineFlag, outcome.OccurredAt, state.DeliveredAt ?? send.SentAt, o.MachineWindow);
            if (signal.Kind is SignalKind.Machine or SignalKind.None)
            {
                ignored++;
                deltas.Count(minute, 1, 0, 1, lag);
                continue;
            }
            Apply(deltas, send, state, signal, outcome, topics, cadence, zones.GetValueOrDefault(send.PersonId, TimeZoneInfo.Utc));
            applied++;
            deltas.Count(minute, 1, 0, 0, lag);
        }

        await store.WriteAsync(workspaceId, deltas, states.Values, now, cancellationToken);
        if (dropped > 0) LogDropped(logger, dropped, workspaceId);
        return new Result(applied, dropped, ignored);
    }

    private static void Apply(TuneDeltas deltas, TunedSend send, LearningSendState state, OutcomeSignal signal, LearningOutcomeObserved outcome,
        Dictionary<string, Dictionary<string, (double Weight, DateTimeOffset? Seen)>> topics, Dictionary<string, CadenceProfile> cadence, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(outcome.OccurredAt.UtcDateTime);
        // Cells are kept in the person's local hours: their 19:00 is the same habit in January and July.
        var hour = (short)LocalSendTimes.HourOfWeek(send.SentAt ?? outcome.OccurredAt, zone);
        var info = new TuneDeltas.ArmInfo(send.BrandId, send.PromptArmKey?.Split('|')[1], send.Channel);
        if (signal.Kind == SignalKind.Undelivered) return;
        if (!state.Counted)
        {
            // A click or reply implies delivery even when the delivery receipt never came.
            state.Counted = true;
            if (signal.Kind == SignalKind.Delivered) state.DeliveredAt = outcome.OccurredAt;
            Judge(deltas, send, info, SignalKind.Delivered, 0, day);
            deltas.SendTime(send.PersonId, hour, 1, 0);
            deltas.Channel(send.Channel, day, deliveries: 1);
            Topics(topics, send, new OutcomeSignal(SignalKind.Delivered, 0, "delivered"), outcome.OccurredAt, deltas);
        }
        switch (signal.Kind)
        {
            case SignalKind.Positive when !state.Converted:
                state.Converted = true;
                Judge(deltas, send, info, SignalKind.Positive, signal.Reward, day);
                deltas.SendTime(send.PersonId, hour, 0, 1);
                deltas.Channel(send.Channel, day, clicks: signal.Action is "clicked" or "click" ? 1 : 0, positives: signal.Reward, revenue: outcome.RevenueCents ?? 0);
                Topics(topics, send, signal, outcome.OccurredAt, deltas);
                var profile = cadence.TryGetValue(send.PersonId, out var p) ? p : new CadenceProfile { WorkspaceId = "", PersonId = send.PersonId };
                profile.MeanGapHours = SendTimeEstimator.NextMeanGap(profile.MeanGapHours, profile.LastEngagedAt, outcome.OccurredAt);
                profile.Engagements++;
                if (profile.LastEngagedAt is null || outcome.OccurredAt > profile.LastEngagedAt) profile.LastEngagedAt = outcome.OccurredAt;
                cadence[send.PersonId] = profile;
                deltas.Cadence[send.PersonId] = profile;
                break;
            case SignalKind.Positive:
                // Revenue still counts when a purchase follows the click that already won.
                if (outcome.RevenueCents is > 0 and var cents) deltas.Channel(send.Channel, day, revenue: cents);
                break;
            case SignalKind.Open:
                Topics(topics, send, signal, outcome.OccurredAt, deltas);
                break;
            case SignalKind.Negative when !state.Penalized:
                state.Penalized = true;
                Judge(deltas, send, info, SignalKind.Negative, signal.Reward, day);
                deltas.Channel(send.Channel, day, negatives: -signal.Reward);
                Topics(topics, send, signal, outcome.OccurredAt, deltas);
                break;
        }
    }

    /// <summary>The prompt version's and every snippet's posterior; snippets keep their Voice counters (negatives as extra impressions).</summary>
    private static void Judge(TuneDeltas deltas, TunedSend send, TuneDeltas.ArmInfo info, SignalKind kind, double reward, DateOnly day)
    {
        if (send.PromptArmKey is { } key) deltas.Arm(ArmKinds.PromptVersion, key, info, kind, reward, day);
        foreach (var snippet in send.SnippetIds)
        {
            deltas.Arm(ArmKinds.Snippet, snippet, info, kind, reward, day);
            switch (kind)
            {
                case SignalKind.Delivered: deltas.Snippet(snippet, 1, 0); break;
                case SignalKind.Positive: deltas.Snippet(snippet, 0, 1); break;
                case SignalKind.Negative: deltas.Snippet(snippet, (int)Math.Round(-reward), 0); break;
            }
        }
    }

    private static void Topics(Dictionary<string, Dictionary<string, (double Weight, DateTimeOffset? Seen)>> topics, TunedSend send, OutcomeSignal signal,
        DateTimeOffset at, TuneDeltas deltas)
    {
        if (!topics.TryGetValue(send.PersonId, out var mine))
            topics[send.PersonId] = mine = new(StringComparer.Ordinal);
        var about = send.Topics.Count > 0 ? send.Topics : [.. mine.OrderByDescending(t => t.Value.Weight).ThenBy(t => t.Key, StringComparer.Ordinal).Take(3).Select(t => t.Key)];
        foreach (var name in about)
        {
            // A topic the person never had starts low and only an engagement creates it.
            if (!mine.TryGetValue(name, out var current))
            {
                if (signal.Kind is not (SignalKind.Positive or SignalKind.Open)) continue;
                current = (TopicLearning.Initial, null);
            }
            // The stored weight is the decayed one as of now, so the clock restarts here.
            (double, DateTimeOffset?) next = (TopicLearning.Update(current.Weight, signal), at);
            mine[name] = next;
            deltas.Topics[(send.PersonId, name)] = next;
        }
    }

    /// <summary>Event id → its send: named by id, by the provider's message id, else the person's last send on the channel before it.</summary>
    private static Dictionary<string, TunedSend> Tie(List<LearningOutcomeObserved> outcomes, TuneSnapshot snapshot, LearningOptions o)
    {
        var live = snapshot.Live;
        var all = snapshot.Sends.Select(r =>
        {
            var brand = r.CompositionBrandId ?? r.BrandId;
            var arm = brand is not null && TunedSend.ParsePromptVersion(r.PromptVersion) is { } pv ? ArmKinds.PromptKey(brand, pv.UseCase, r.Channel, pv.Version) : null;
            return new TunedSend(r.Id, live.TryGetValue(r.PersonId, out var now) ? now : r.PersonId, r.Channel, r.SentAt, r.ExternalId, brand, arm,
                r.SnippetsUsed ?? [], TunedSend.MetadataTopics(r.Metadata));
        }).ToList();
        var byId = all.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var byExternal = all.Where(s => s.ExternalId is not null).GroupBy(s => s.ExternalId!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var tied = new Dictionary<string, TunedSend>(StringComparer.Ordinal);
        foreach (var x in outcomes)
        {
            TunedSend? send = null;
            if (x.SendId is not null) byId.TryGetValue(x.SendId, out send);
            else if (x.ExternalId is not null && byExternal.TryGetValue(x.ExternalId, out var e)) send = e;
            send ??= x.SendId is null && x.Channel is not null
                ? all.Where(s => s.PersonId == live[x.PersonId] && s.Channel == x.Channel && s.SentAt <= x.OccurredAt && s.SentAt >= x.OccurredAt - o.TieLookback)
                    .OrderByDescending(s => s.SentAt).FirstOrDefault()
                : null;
            // The send must be the outcome's person's: an id from another person's webhook teaches nothing.
            if (send is not null && send.PersonId == live[x.PersonId]) tied[x.EventId] = send;
        }
        return tied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} outcomes of unknown or erased persons in workspace {WorkspaceId}")]
    private static partial void LogDropped(ILogger logger, int count, string workspaceId);
}
