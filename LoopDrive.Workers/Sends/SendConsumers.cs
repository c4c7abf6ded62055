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

public sealed class EmailComposeConsumer(ComposeSend compose) : IStreamBatchHandler<ComposeSendRequested>
{
    public static string Stream => StreamNames.EmailCompose;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<ComposeSendRequested>> messages, CancellationToken cancellationToken) =>
        compose.HandleManyAsync([.. messages.Select(m => m.Message.SendId)], cancellationToken);
}

public sealed class SmsComposeConsumer(ComposeSend compose) : IStreamBatchHandler<ComposeSendRequested>
{
    public static string Stream => StreamNames.SmsCompose;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<ComposeSendRequested>> messages, CancellationToken cancellationToken) =>
        compose.HandleManyAsync([.. messages.Select(m => m.Message.SendId)], cancellationToken);
}

public sealed class SocialComposeConsumer(ComposeSend compose) : IStreamBatchHandler<ComposeSendRequested>
{
    public static string Stream => StreamNames.SocialCompose;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<ComposeSendRequested>> messages, CancellationToken cancellationToken) =>
        compose.HandleManyAsync([.. messages.Select(m => m.Message.SendId)], cancellationToken);
}

public sealed class EmailSendConsumer(DispatchSend dispatch) : IStreamBatchHandler<DispatchSendRequested>
{
    public static string Stream => StreamNames.EmailSend;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<DispatchSendRequested>> messages, CancellationToken cancellationToken) =>
        dispatch.HandleManyAsync([.. messages.Select(m => m.Message.SendId)], cancellationToken);
}

public sealed class SmsSendConsumer(DispatchSend dispatch) : IStreamBatchHandler<DispatchSendRequested>
{
    public static string Stream => StreamNames.SmsSend;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<DispatchSendRequested>> messages, CancellationToken cancellationToken) =>
        dispatch.HandleManyAsync([.. messages.Select(m => m.Message.SendId)], cancellationToken);
}

public sealed class SocialSendConsumer(DispatchSend dispatch) : IStreamBatchHandler<DispatchSendRequested>
{
    public static string Stream => StreamNames.SocialSend;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<DispatchSendRequested>> messages, CancellationToken cancellationToken) =>
        dispatch.HandleManyAsync([.. messages.Select(m => m.Message.SendId)], cancellationToken);
}
