using LoopDrive.Contracts.Sends;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Sends;
using LoopDrive.Infrastructure.Sends;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Sends;

public static class SendWorkers
{
    /// <summary>The six send streams' consumers, the providers and the scheduler (due sends, bulk fan-out, reconciliation).</summary>
    public static IHostApplicationBuilder AddSendsWorkers(this IHostApplicationBuilder builder)
    {
        builder.AddSendProviders();
        builder.Services
            .AddStreamConsumer<EmailComposeConsumer, ComposeSendRequested>()
            .AddStreamConsumer<SmsComposeConsumer, ComposeSendRequested>()
            .AddStreamConsumer<SocialComposeConsumer, ComposeSendRequested>()
            .AddStreamConsumer<EmailSendConsumer, DispatchSendRequested>()
            .AddStreamConsumer<SmsSendConsumer, DispatchSendRequested>()
            .AddStreamConsumer<SocialSendConsumer, DispatchSendRequested>();
        builder.Services.AddHostedService<SendScheduler>();
        if (!Core.Sends.Webhooks.ProviderKeys.IsLive(builder.Configuration))
        {
            builder.Services.AddHttpClient(SandboxWebhookDelivery.HttpClientName);
            builder.Services.AddHostedService<SandboxWebhookDelivery>();
        }
        return builder;
    }
}

public sealed class EmailComposeConsumer(ComposeSend compose) : IStreamHandler<ComposeSendRequested>
{
    public static string Stream => StreamNames.EmailCompose;

    public Task HandleAsync(ComposeSendRequested message, StreamMessageContext context, CancellationToken cancellationToken) =>
        compose.HandleAsync(message.SendId, cancellationToken);
}

public sealed class SmsComposeConsumer(ComposeSend compose) : IStreamHandler<ComposeSendRequested>
{
    public static string Stream => StreamNames.SmsCompose;

    public Task HandleAsync(ComposeSendRequested message, StreamMessageContext context, CancellationToken cancellationToken) =>
        compose.HandleAsync(message.SendId, cancellationToken);
}

public sealed class SocialComposeConsumer(ComposeSend compose) : IStreamHandler<ComposeSendRequested>
{
    public static string Stream => StreamNames.SocialCompose;

    public Task HandleAsync(ComposeSendRequested message, StreamMessageContext context, CancellationToken cancellationToken) =>
        compose.HandleAsync(message.SendId, cancellationToken);
}

public sealed class EmailSendConsumer(DispatchSend dispatch) : IStreamHandler<DispatchSendRequested>
{
    public static string Stream => StreamNames.EmailSend;

    public Task HandleAsync(DispatchSendRequested message, StreamMessageContext context, CancellationToken cancellationToken) =>
        dispatch.HandleAsync(message.SendId, cancellationToken);
}

public sealed class SmsSendConsumer(DispatchSend dispatch) : IStreamHandler<DispatchSendRequested>
{
    public static string Stream => StreamNames.SmsSend;

    public Task HandleAsync(DispatchSendRequested message, StreamMessageContext context, CancellationToken cancellationToken) =>
        dispatch.HandleAsync(message.SendId, cancellationToken);
}

public sealed class SocialSendConsumer(DispatchSend dispatch) : IStreamHandler<DispatchSendRequested>
{
    public static string Stream => StreamNames.SocialSend;

    public Task HandleAsync(DispatchSendRequested message, StreamMessageContext context, CancellationToken cancellationToken) =>
        dispatch.HandleAsync(message.SendId, cancellationToken);
}
