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
}
