using LoopDrive.Core.Common;
using LoopDrive.Core.Data;

namespace LoopDrive.Core.Sends;

/// <summary>Appends to a send's event timeline on the caller's DbContext (saved with the state change it describes).</summary>
public static class SendJournal
{
    public const string Prefix = "sev";

    public static SendEvent Add(LoopDriveDbContext db, Send send, string type, string source, DateTimeOffset at,
        string? code = null, string? detail = null, string? providerEventId = null)
    {
        var row = new SendEvent
        {
            Id = Ids.New(Prefix),
            WorkspaceId = send.WorkspaceId,
            SendId = send.Id,
            Type = type,
            Source = source,
            Code = code,
            Detail = detail,
            ProviderEventId = providerEventId,
            At = at,
        };
        db.SendEvents.Add(row);
        return row;
    }
}
