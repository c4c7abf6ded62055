using LoopDrive.Core.People;

namespace LoopDrive.Core.Sends;

/// <summary>
/// Judging a list of sends on facts read for the whole list at once (see
/// <see cref="ReadFactsAsync"/>). Each send is judged on exactly what it would have been judged on alone.
/// </summary>
public sealed partial class SendGate
{
    private static readonly HashSet<string> SocialChannels = ["instagram", "facebook", "x", "reddit", "whatsapp", "tiktok", "youtube", "linkedin"];

    private async Task<GateFacts[]> GatherManyAsync(IReadOnlyList<Send> sends, string stage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (persons, consentRows, suppressions, recent, lastInbound) = await ReadFactsAsync(sends, stage, now, cancellationToken);
        var consents = consentRows.ToLookup(c => c.PersonId, StringComparer.Ordinal);

        var facts = new GateFacts[sends.Count];
        for (var i = 0; i < sends.Count; i++)
        {
            var send = sends[i];
            var decision = send.Purpose == SendPurposes.Confirmation
                ? ContactDecision.Allow("The reply to an opt-out or help request.")
                : await ConsentAsync(send, persons.GetValueOrDefault(send.PersonId), consents[send.PersonId], now, cancellationToken);
            var suppression = decision.Allowed && send.Recipient is { } address ? suppressions.GetValueOrDefault((send.Channel, address)) : null;
            IReadOnlyList<DateTimeOffset> sent = [];
            var zone = TimeZoneInfo.Utc;
            if (decision.Allowed && suppression is null && send.Purpose == ContactPurposes.Marketing)
            {
                sent = Recent(recent, send.PersonId, send.Channel);
                var workspace = await workspaces.GetAsync(send.WorkspaceId, cancellationToken);
                var phone = send.Channel is SendChannels.Sms or "whatsapp" ? send.Recipient : null;
                zone = RecipientTimeZones.Resolve(persons.GetValueOrDefault(send.PersonId)?.Timezone, phone, workspace.Timezone);
            }
            MessagingWindowFacts? window = null;
            // Not at acceptance: a send scheduled for later is judged by the window when it goes.
            if (decision.Allowed && suppression is null && stage != StageAccept && MessagingWindow.Applies(send.Channel))
            {
                DateTimeOffset? last = lastInbound.TryGetValue((send.PersonId, send.Channel), out var at) ? at : null;
                var (template, humanAgent) = MessagingWindow.ReadMetadata(send.Metadata);
                window = new MessagingWindowFacts(send.Channel, last, template, humanAgent);
            }
            facts[i] = new GateFacts(stage, send.Purpose, decision, suppression, sent, zone, now, window);
        }
        return facts;
    }

    /// <summary>The Person graph's rule on rows already read; a merged person is followed through <see cref="ConsentPolicy"/> itself.</summary>
    private async Task<ContactDecision> ConsentAsync(Send send, PersonFacts? person, IEnumerable<Consent> consents, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (person is null) return ContactDecision.Deny("person_not_found", "No such person in this workspace.");
        if (person.ErasedAt is not null) return ContactDecision.Deny("person_erased", "The person's data was erased on request.");
        if (person.MergedIntoId is not null) return await consent.CanContactAsync(send.PersonId, send.Channel, send.Purpose, now, cancellationToken);
        var channels = ConsentChannels(send.Channel);
        return ConsentPolicy.Decide([.. consents.Where(c => channels.Contains(c.Channel))], send.Purpose, now);
    }

    /// <summary>The consent rows that speak for a channel: a social platform's own and the general <c>dm</c> one (as <see cref="ConsentPolicy"/> reads them).</summary>
    private static string[] ConsentChannels(string channel) => SocialChannels.Contains(channel) ? [channel, "dm"] : [channel];

    private static List<DateTimeOffset> Recent(Dictionary<(string, string), List<DateTimeOffset>> recent, string personId, string channel)
    {
        if (!recent.TryGetValue((personId, channel), out var list)) recent[(personId, channel)] = list = [];
        return list;
    }
}
