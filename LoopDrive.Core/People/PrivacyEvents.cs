using LoopDrive.Core.Common;
using LoopDrive.Core.Events;

namespace LoopDrive.Core.People;

/// <summary>Events that record a data-subject request was carried out: type and person id only, nothing personal.</summary>
public static class PrivacyEvents
{
    public const string Erased = "person.erased";
    public const string Exported = "person.exported";

    public static Event New(string type, string workspaceId, string personId, TimeProvider clock) => new()
    {
        Id = Ids.New(IdPrefixes.Event, clock),
        WorkspaceId = workspaceId,
        PersonId = personId,
        Type = type,
        Source = "api",
        Payload = "{}",
        Ts = clock.GetUtcNow(),
    };
}
