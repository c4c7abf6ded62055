using LoopDrive.Core.People;

namespace LoopDrive.Core.Learning.Demo;

/// <summary>
/// The demo's people, drawn from one seed: names, a home zone, an email for nearly everyone and a
/// mobile number (also used on WhatsApp) for most, marketing consents per channel (a few revoked),
/// two or three topics, a memory for one in five, and one active nurture objective each. Addresses
/// use reserved example domains and fictional 555 numbers.
/// </summary>
public sealed record DemoPeople(
    List<Person> Persons, List<Identity> Identities, List<Consent> Consents, List<Topic> Topics, List<MemEmbedding> Memories, List<Objective> Objectives)
{
    public static string PersonId(int seed, int index) => $"per_demo{seed}_{index:D5}";

    public static DemoPeople Draw(string workspaceId, int seed, int count, DateTimeOffset now, Random random)
    {
        var people = new DemoPeople([], [], [], [], [], []);
        for (var i = 0; i < count; i++)
        {
            var id = PersonId(seed, i);
            var first = DemoCatalogue.FirstNames[random.Next(DemoCatalogue.FirstNames.Count)];
            var last = DemoCatalogue.LastNames[random.Next(DemoCatalogue.LastNames.Count)];
            people.Persons.Add(new Person
            {
                Id = id, WorkspaceId = workspaceId, FirstName = first, LastName = last, Locale = "en",
                Timezone = DemoCatalogue.Zones[random.Next(DemoCatalogue.Zones.Count)], CreatedAt = now, UpdatedAt = now,
            });

            var hasEmail = random.NextDouble() < 0.95;
            var hasPhone = random.NextDouble() < 0.7;
            if (hasEmail) people.AddIdentity(workspaceId, id, IdentityTypes.Email, $"{first}.{last}.{i}@demo.example.com".ToLowerInvariant(), now);
            if (hasPhone)
            {
                var phone = $"+1{200 + i % 700:D3}555{i % 10000:D4}";
                people.AddIdentity(workspaceId, id, IdentityTypes.Phone, phone, now);
                people.AddIdentity(workspaceId, id, IdentityTypes.WhatsApp, phone, now);
            }
            if (hasEmail) people.AddConsent(workspaceId, id, "email", random, grant: 0.92, now);
            if (hasPhone)
            {
                people.AddConsent(workspaceId, id, "sms", random, grant: 0.6, now);
                people.AddConsent(workspaceId, id, "whatsapp", random, grant: 0.5, now);
            }

            foreach (var topic in DemoCatalogue.Topics.OrderBy(_ => random.Next()).Take(2 + random.Next(2)))
            {
                people.Topics.Add(new Topic
                {
                    Id = $"top_{id}_{topic}", WorkspaceId = workspaceId, PersonId = id, Name = topic, Weight = Math.Round(0.3 + random.NextDouble() * 0.5, 3),
                    Source = "explicit", LastSeen = now, CreatedAt = now, UpdatedAt = now,
                });
            }
            if (i % 5 == 0)
            {
                var (kind, text) = DemoCatalogue.Memories[random.Next(DemoCatalogue.Memories.Count)];
                people.Memories.Add(new MemEmbedding
                {
                    Id = $"mem_{id}", WorkspaceId = workspaceId, PersonId = id, Kind = kind, Text = text, Confidence = 0.9,
                    UsableInCopy = kind != "objection", CreatedAt = now,
                });
            }
            people.Objectives.Add(new Objective
            {
                Id = $"obj_{id}", WorkspaceId = workspaceId, PersonId = id, Type = DemoCatalogue.Objective, Status = "active", Priority = 5,
                CreatedAt = now, UpdatedAt = now,
            });
        }
        return people;
    }

    private void AddIdentity(string workspaceId, string personId, string type, string value, DateTimeOffset now) =>
        Identities.Add(new Identity
        {
            Id = $"idn_{personId}_{type}", WorkspaceId = workspaceId, PersonId = personId, Type = type, Value = value, IsPrimary = true,
            Verified = type == IdentityTypes.Email, CreatedAt = now,
        });

    /// <summary>Granted with probability <paramref name="grant"/>; a few of the rest revoked, the others never asked (no row).</summary>
    private void AddConsent(string workspaceId, string personId, string channel, Random random, double grant, DateTimeOffset now)
    {
        var roll = random.NextDouble();
        var status = roll < grant ? "granted" : roll < grant + 0.05 ? "revoked" : null;
        if (status is null) return;
        Consents.Add(new Consent
        {
            Id = $"cns_{personId}_{channel}", WorkspaceId = workspaceId, PersonId = personId, Channel = channel, Scope = "marketing", Status = status,
            Source = "import", GrantedAt = status == "granted" ? now : null, RevokedAt = status == "revoked" ? now : null, CreatedAt = now,
        });
    }
}
