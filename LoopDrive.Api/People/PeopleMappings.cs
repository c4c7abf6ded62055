using C = LoopDrive.Contracts.People;
using E = LoopDrive.Core.People;

namespace LoopDrive.Api.People;

internal static class PeopleMappings
{
    public static C.Person ToContract(this E.Person p, string? mergeId = null) => new(
        p.Id, p.WorkspaceId, p.OrganizationId, p.FirstName, p.LastName, p.Locale, p.Timezone,
        JsonText.Parse(p.Metadata), p.CreatedAt, p.UpdatedAt, mergeId);

    public static C.Identity ToContract(this E.Identity i) => new(
        i.Id, i.PersonId, i.Type, i.Value, i.Verified, i.IsPrimary, JsonText.Parse(i.Metadata), i.CreatedAt, i.UpdatedAt);

    public static C.Memory ToContract(this E.MemEmbedding m, double? relevance = null) => new(
        m.Id, m.PersonId, m.Kind, m.Text, m.Confidence ?? 1.0, relevance, m.SourceEventId, m.ExpiresAt,
        JsonText.Parse(m.Metadata), m.CreatedAt, m.UsableInCopy, m.ModelId);

    public static C.Topic ToContract(this E.Topic t, DateTimeOffset now) => new(
        t.Id, t.PersonId, t.Name, E.TopicWeights.Effective(t.Weight, t.LastSeen, now), t.Category, t.Source, t.LastSeen, t.CreatedAt, t.UpdatedAt);

    public static C.Consent ToContract(this E.Consent c) => new(
        c.Id, c.PersonId, c.Channel, c.Scope, c.Status, c.Source, c.GrantedAt, c.RevokedAt, c.ExpiresAt, JsonText.Parse(c.Metadata), c.CreatedAt);

    public static C.ConsentChange ToContract(this E.ConsentChange c) => new(
        c.Id, c.Channel, c.Scope, c.Status, c.Source, c.ExpiresAt, c.RecordedAt);

    public static C.Note ToContract(this E.Note n) => new(n.Id, n.PersonId, n.Content, n.AuthorId, JsonText.Parse(n.Metadata), n.CreatedAt);

    public static C.Objective ToContract(this E.Objective o) => new(
        o.Id, o.PersonId, o.Type, o.Status, JsonText.Parse(o.Context), o.Priority, o.DueDate, o.CreatedAt, o.UpdatedAt);
}
