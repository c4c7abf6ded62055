using System.Text.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Spine;

namespace LoopDrive.Core.Sends;

/// <summary>Puts a due send on its stream: compose first when it has no content yet, else straight to dispatch.</summary>
public static class SendQueue
{
    public static void Enqueue(Outbox outbox, Send send)
    {
        if (send.Body is null)
            outbox.Enqueue(SendChannels.ComposeStream(send.Channel), new ComposeSendRequested(send.Id, send.WorkspaceId), send.WorkspaceId);
        else
            outbox.Enqueue(SendChannels.SendStream(send.Channel), new DispatchSendRequested(send.Id, send.WorkspaceId), send.WorkspaceId);
    }

    /// <summary>The same message as <see cref="Enqueue"/> queues, for a raw outbox insert: its stream, type name and JSON payload.</summary>
    public static (string Stream, string Type, string Payload) Describe(Send send) => send.Body is null
        ? (SendChannels.ComposeStream(send.Channel), nameof(ComposeSendRequested),
            JsonSerializer.Serialize(new ComposeSendRequested(send.Id, send.WorkspaceId), Outbox.Json))
        : (SendChannels.SendStream(send.Channel), nameof(DispatchSendRequested),
            JsonSerializer.Serialize(new DispatchSendRequested(send.Id, send.WorkspaceId), Outbox.Json));
}
