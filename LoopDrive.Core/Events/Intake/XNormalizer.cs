using System.Text.Json;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// X's Account Activity webhook (or a DM poll in the same shape): <c>for_user_id</c> and
/// <c>direct_message_events[]</c> of type <c>message_create</c>. Messages the account itself sent
/// are skipped; the sender's user id is the identity.
/// </summary>
public sealed class XNormalizer : IEventNormalizer
{
    public string Source => "x";

    public IReadOnlyList<NormalizedEvent> Normalize(JsonElement payload)
    {
        var self = payload.Str("for_user_id");
        var events = new List<NormalizedEvent>();
        foreach (var dm in payload.Arr("direct_message_events"))
        {
            if (dm.Str("type") != "message_create" || dm.Obj("message_create") is not { } create) continue;
            var sender = create.Str("sender_id");
            if (sender is null || sender == self) continue;
            var id = dm.Str("id");
            events.Add(new NormalizedEvent("dm.replied", "x", Source, Json.UnixMilliseconds(dm.Long("created_timestamp")),
                id is null ? null : "x:" + id,
                [("x", sender)],
                Json.Serialize(new { text = create.Obj("message_data")?.Str("text"), id })));
        }
        return events;
    }
}
