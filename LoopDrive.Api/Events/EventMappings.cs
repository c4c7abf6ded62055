using LoopDrive.Core.Events;
using C = LoopDrive.Contracts.Events;
using E = LoopDrive.Core.Events;

namespace LoopDrive.Api.Events;

internal static class EventMappings
{
    public static C.Event ToContract(this E.Event e) => EventContractMapping.ToContract(e);
}
