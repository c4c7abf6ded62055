using C = LoopDrive.Contracts.Events;
using E = LoopDrive.Core.Events;

namespace LoopDrive.Api.Events;

internal static class EventMappings
{
    public static C.Event ToContract(this E.Event e) => new(
        e.Id, e.WorkspaceId, e.OrganizationId, e.PersonId, e.Type, e.Channel, e.Source,
        JsonText.ParseRequired(e.Payload), e.Ts, JsonText.Parse(e.Metadata));
}
