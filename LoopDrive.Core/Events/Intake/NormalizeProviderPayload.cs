using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.People;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// <c>intake.normalize</c>: a verified provider payload → events, each attached to the person its
/// identities resolve to (created when new), stored through the same ingest as the API (so the
/// provider's id deduplicates a redelivered webhook and replies go on to classification).
/// </summary>
public sealed class NormalizeProviderPayload(IEnumerable<IEventNormalizer> normalizers, ResolvePerson resolve, IngestEvents ingest,
    Sends.Webhooks.TrackSendEvents sends, TimeProvider clock)
{
    /// <summary>A verified provider payload, as a webhook handed it over.</summary>
    public sealed record Received(string Source, string Payload, DateTimeOffset ReceivedAt);

    public Task<IngestEvents.Outcome> HandleAsync(string workspaceId, string source, string payload, DateTimeOffset receivedAt,
        CancellationToken cancellationToken) =>
        HandleManyAsync(workspaceId, [new Received(source, payload, receivedAt)], cancellationToken);

    /// <summary>
    /// Several payloads of one workspace stored with one ingest (one insert, one outbox write) and
    /// one pass over the sends they move, instead of a round of statements per payload.
    /// </summary>
    public async Task<IngestEvents.Outcome> HandleManyAsync(string workspaceId, IReadOnlyList<Received> payloads, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var events = new List<NewEvent>(payloads.Count);
        foreach (var (source, payload, receivedAt) in payloads)
        {
            var normalizer = normalizers.FirstOrDefault(n => n.Source == source)
                ?? throw new UnknownEventSourceException(source);
            using var document = JsonDocument.Parse(payload);
            foreach (var n in normalizer.Normalize(document.RootElement))
            {
                var personId = n.PersonId ?? await ResolveAsync(workspaceId, n.Identities, cancellationToken);
                var ts = n.Ts is { } t && t <= now + EventRules.FutureTolerance ? t.ToUniversalTime() : receivedAt;
                var channel = n.Channel is not null && Contracts.People.PeopleEnums.Channels.Contains(n.Channel) ? n.Channel : null;
                events.Add(new NewEvent(Ids.New(IdPrefixes.Event, clock), n.Type, n.Source, channel, personId, null, n.Payload, n.Metadata, ts, n.IdempotencyKey));
            }
        }
        var outcome = await ingest.HandleAsync(workspaceId, events, cancellationToken);
        // Only newly stored events move sends: a redelivered webhook changes nothing twice.
        await sends.HandleAsync(workspaceId, outcome.Stored, cancellationToken);
        return outcome;
    }

    private async Task<string?> ResolveAsync(string workspaceId, IReadOnlyList<(string Type, string Value)> identities, CancellationToken cancellationToken)
    {
        if (identities.Count == 0) return null;
        var (normalized, _) = await resolve.NormalizeAsync(workspaceId,
            new ResolvePerson.Request([.. identities.Select(i => (i.Type, i.Value, i.Type))], null, null), cancellationToken);
        // An identity that does not normalize (a malformed address) leaves the event unattached rather than lost.
        if (normalized.Count == 0) return null;
        var result = await resolve.HandleAsync(workspaceId, normalized, null, null, cancellationToken);
        return result.Person.Id;
    }
}

/// <summary>No normalizer reads this source: redelivery cannot fix it, so the message is dead-lettered.</summary>
public sealed class UnknownEventSourceException(string source) : Exception($"No normalizer for event source '{source}'.");
