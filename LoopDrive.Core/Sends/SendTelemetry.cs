using System.Diagnostics;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The provider call as a client span (<c>LoopDrive.Sends</c>), so one trace runs from the HTTP
/// request to the provider. Tags carry the provider, channel, send id and outcome — never the
/// recipient or the message.
/// </summary>
public static class SendTelemetry
{
    public const string Name = "LoopDrive.Sends";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static Activity? StartProviderCall(string provider, Send send, int attempt)
    {
        var activity = ActivitySource.StartActivity($"{provider} send", ActivityKind.Client);
        activity?.SetTag("loopdrive.provider", provider);
        activity?.SetTag("loopdrive.channel", send.Channel);
        activity?.SetTag("loopdrive.send.id", send.Id);
        activity?.SetTag("loopdrive.send.attempt", attempt);
        return activity;
    }

    public static void Finished(Activity? activity, ProviderResult result)
    {
        if (activity is null) return;
        activity.SetTag("loopdrive.provider.outcome", result.Kind);
        if (result.Code is { } code) activity.SetTag("loopdrive.provider.code", code);
        if (result.Kind != ProviderResult.Accepted) activity.SetStatus(ActivityStatusCode.Error, result.Kind);
    }
}
