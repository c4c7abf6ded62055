using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.People;

/// <summary>Appends a consent change and updates the current state for its (channel, scope).</summary>
public sealed class UpdateConsent(LoopDriveDbContext db, TimeProvider clock)
{
    public sealed record Change(string Channel, string Scope, string Status, string Source, DateTimeOffset? ExpiresAt, string? Metadata);

    public Task<Consent> HandleAsync(Person person, Change change, CancellationToken cancellationToken) =>
        UniqueViolations.RetryAsync(db, () => HandleOnceAsync(person, change, cancellationToken));

    private async Task<Consent> HandleOnceAsync(Person person, Change change, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        db.ConsentChanges.Add(new ConsentChange
        {
            Id = Ids.New(IdPrefixes.Consent, clock),
            WorkspaceId = person.WorkspaceId,
            PersonId = person.Id,
            Channel = change.Channel,
            Scope = change.Scope,
            Status = change.Status,
            Source = change.Source,
            ExpiresAt = change.ExpiresAt,
            Metadata = change.Metadata,
            RecordedAt = now,
        });
        var current = await db.Consents.FirstOrDefaultAsync(
            c => c.PersonId == person.Id && c.Channel == change.Channel && c.Scope == change.Scope, cancellationToken);
        if (current is null)
        {
            current = new Consent
            {
                Id = Ids.New(IdPrefixes.Consent, clock),
                WorkspaceId = person.WorkspaceId,
                PersonId = person.Id,
                Channel = change.Channel,
                Scope = change.Scope,
                Status = change.Status,
                Source = change.Source,
                CreatedAt = now,
            };
            db.Consents.Add(current);
        }
        current.Status = change.Status;
        current.Source = change.Source;
        current.ExpiresAt = change.ExpiresAt;
        current.Metadata = change.Metadata ?? current.Metadata;
        if (change.Status == "granted") current.GrantedAt = now;
        if (change.Status == "revoked") current.RevokedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return current;
    }
}
