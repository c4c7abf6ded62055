using LoopDrive.Core.Budget;
using LoopDrive.Core.Data;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.People;
using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning;

/// <summary>
/// What the objective scheduler needs about one batch of people, read once per batch: who they
/// are (zone, phone), their consents and address types, their last inbound message on each channel
/// with a messaging window, their learned send-time cells and cadence,
/// the workspace's population send-time prior, executing envelopes and learned channel outcomes.
/// </summary>
internal sealed class TouchFacts
{
    private const int Hours = SendTimeEstimator.HoursPerWeek;

    private Dictionary<string, PersonRow> _persons = [];
    private ILookup<string, Consent> _consents = Array.Empty<Consent>().ToLookup(c => c.PersonId);
    private ILookup<string, (string Type, string Value)> _identities = Array.Empty<(string PersonId, string Type, string Value)>().ToLookup(i => i.PersonId, i => (i.Type, i.Value));
    private ILookup<string, SendTimeCell> _cells = Array.Empty<SendTimeCell>().ToLookup(c => c.PersonId);
    private Dictionary<string, CadenceProfile> _cadence = [];
    private Dictionary<(string PersonId, string Channel), DateTimeOffset> _lastInbound = [];
    private double[] _population = new double[Hours];
    private double _populationRate;

    public double[] PopulationTrials { get; private set; } = new double[Hours];
    public IReadOnlyDictionary<string, long>? Envelopes { get; private set; }
    public IReadOnlyDictionary<string, ArmPosterior> ChannelPosteriors { get; private set; } = new Dictionary<string, ArmPosterior>();

    public static async Task<TouchFacts> LoadAsync(LoopDriveDbContext db, string workspaceId, List<string> personIds, DateTimeOffset channelSince,
        CancellationToken cancellationToken)
    {
        var facts = new TouchFacts();
        facts._persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new PersonRow(p.Id, p.Timezone, p.ErasedAt, p.MergedIntoId)).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        facts._consents = (await db.Consents.AsNoTracking().Where(c => personIds.Contains(c.PersonId)).ToListAsync(cancellationToken)).ToLookup(c => c.PersonId);
        facts._identities = (await db.Identities.AsNoTracking().Where(i => personIds.Contains(i.PersonId))
            .Select(i => new { i.PersonId, i.Type, i.Value }).ToListAsync(cancellationToken)).ToLookup(i => i.PersonId, i => (i.Type, i.Value));
        // The same inbound event types the gate counts, so the scheduler and the gate see one window.
        var windowChannels = SendEnums.BulkChannels.Where(MessagingWindow.Applies).ToList();
        facts._lastInbound = (await db.Events.AsNoTracking()
                .Where(e => e.PersonId != null && personIds.Contains(e.PersonId) && e.Channel != null && windowChannels.Contains(e.Channel)
                            && MessagingWindow.InboundTypes.Contains(e.Type))
                .GroupBy(e => new { e.PersonId, e.Channel }).Select(g => new { g.Key.PersonId, g.Key.Channel, Last = g.Max(e => e.Ts) })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => (r.PersonId!, r.Channel!), r => r.Last);
        facts._cells = (await db.SendTimeCells.AsNoTracking().Where(c => personIds.Contains(c.PersonId)).ToListAsync(cancellationToken)).ToLookup(c => c.PersonId);
        facts._cadence = await db.CadenceProfiles.AsNoTracking().Where(c => personIds.Contains(c.PersonId))
            .ToDictionaryAsync(c => c.PersonId, StringComparer.Ordinal, cancellationToken);

        var population = await db.SendTimeCells.AsNoTracking().IgnoreQueryFilters().Where(c => c.WorkspaceId == workspaceId).GroupBy(c => c.HourOfWeek)
            .Select(g => new { Hour = g.Key, Trials = g.Sum(c => c.Trials), Successes = g.Sum(c => c.Successes) }).ToListAsync(cancellationToken);
        var trials = new double[Hours];
        var successes = new double[Hours];
        foreach (var row in population.Where(r => r.Hour is >= 0 and < Hours))
        {
            trials[row.Hour] = row.Trials;
            successes[row.Hour] = row.Successes;
        }
        facts.PopulationTrials = trials;
        facts._population = SendTimeEstimator.PopulationRates(trials, successes);
        facts._populationRate = (successes.Sum() + 1) / (trials.Sum() + 2);

        var executing = db.BudgetAllocations.IgnoreQueryFilters().Where(a => a.WorkspaceId == workspaceId && a.Status == AllocationStatuses.Executing).Select(a => a.Id);
        var envelopes = await db.BudgetAccounts.AsNoTracking().IgnoreQueryFilters()
            .Where(a => a.WorkspaceId == workspaceId && a.Kind == LedgerAccountKinds.Envelope && a.Channel != null && a.AllocationId != null && executing.Contains(a.AllocationId))
            .Select(a => new { Channel = a.Channel!, a.Balance }).ToListAsync(cancellationToken);
        // Several executing allocations may fund one channel; a send needs one envelope that can pay, so the largest counts.
        facts.Envelopes = envelopes.Count == 0 ? null
            : envelopes.GroupBy(e => e.Channel).ToDictionary(g => g.Key, g => g.Max(e => e.Balance), StringComparer.Ordinal);

        var since = DateOnly.FromDateTime(channelSince.UtcDateTime);
        facts.ChannelPosteriors = (await db.LearnedChannelDays.AsNoTracking().IgnoreQueryFilters().Where(d => d.WorkspaceId == workspaceId && d.Day >= since).GroupBy(d => d.Channel)
                .Select(g => new { Channel = g.Key, Deliveries = g.Sum(d => d.Deliveries), Positives = g.Sum(d => d.Positives), Negatives = g.Sum(d => d.Negatives) })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => r.Channel, r => new ArmPosterior(r.Deliveries, r.Positives, r.Negatives), StringComparer.Ordinal);
        return facts;
    }

    public PersonRow? Person(string personId) => _persons.GetValueOrDefault(personId);

    public IReadOnlyCollection<Consent> Consents(string personId) => [.. _consents[personId]];

    public IReadOnlyCollection<string> IdentityTypes(string personId) => _identities[personId].Select(i => i.Type).ToHashSet(StringComparer.Ordinal);

    /// <summary>The person's latest inbound message on a channel with a messaging window, if any.</summary>
    public DateTimeOffset? LastInbound(string personId, string channel) =>
        _lastInbound.TryGetValue((personId, channel), out var at) ? at : null;

    /// <summary>The person's phone (for the zone when they named none): a phone identity, else a WhatsApp number.</summary>
    public string? Phone(string personId)
    {
        var ids = _identities[personId].ToList();
        return ids.FirstOrDefault(i => i.Type == People.IdentityTypes.Phone).Value ?? ids.FirstOrDefault(i => i.Type == People.IdentityTypes.WhatsApp).Value;
    }

    /// <summary>The person's rate per local hour of week (shrunk toward the population) and their own sends per hour.</summary>
    public (double[] Rates, double[] Trials) Rates(string personId)
    {
        var trials = new double[Hours];
        var successes = new double[Hours];
        foreach (var c in _cells[personId].Where(c => c.HourOfWeek is >= 0 and < Hours))
        {
            trials[c.HourOfWeek] = c.Trials;
            successes[c.HourOfWeek] = c.Successes;
        }
        return (SendTimeEstimator.PersonRates(trials, successes, _population), trials);
    }

    /// <summary>The learned recommended gap once the person has engaged; before that the configured default.</summary>
    public TimeSpan Gap(string personId, TimeSpan defaultGap)
    {
        if (!_cadence.TryGetValue(personId, out var profile) || profile.Engagements == 0) return defaultGap;
        double trials = 0, successes = 0;
        foreach (var c in _cells[personId])
        {
            trials += c.Trials;
            successes += c.Successes;
        }
        var personRate = (successes + SendTimeEstimator.PriorStrength * _populationRate) / (trials + SendTimeEstimator.PriorStrength);
        return SendTimeEstimator.RecommendedGap(profile.MeanGapHours, personRate, _populationRate);
    }

    internal sealed record PersonRow(string Id, string? Timezone, DateTimeOffset? ErasedAt, string? MergedIntoId);
}
