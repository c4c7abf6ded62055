using System.Text.Json;
using LoopDrive.Core.Spine;
using C = LoopDrive.Contracts.Events;

namespace LoopDrive.Core.Events;

/// <summary>Entity → Contracts record, shared by the API and the live feed so both speak the same shape.</summary>
public static class EventContractMapping
{
    public static C.Event ToContract(this Event e) => new(
        e.Id, e.WorkspaceId, e.OrganizationId, e.PersonId, e.Type, e.Channel, e.Source,
        ParseRequired(e.Payload), e.Ts, e.Metadata is null ? null : ParseRequired(e.Metadata), e.UnresolvedPersonId,
        e.Classification is null ? null : JsonSerializer.Deserialize<C.EventClassification>(e.Classification, Outbox.Json));

    private static JsonElement ParseRequired(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
