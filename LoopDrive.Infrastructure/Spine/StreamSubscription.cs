using System.Text.Json;
using LoopDrive.Core.Spine;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// One registered consumer: which stream, which group (also the inbox's consumer name), which
/// message type, and how to hand a payload to the handler in a scope.
/// </summary>
public sealed class StreamSubscription
{
    private readonly Func<IServiceProvider, string, StreamMessageContext, CancellationToken, Task> _dispatch;

    private StreamSubscription(string stream, string group, string messageType, string handlerName,
        Func<IServiceProvider, string, StreamMessageContext, CancellationToken, Task> dispatch)
    {
        Stream = stream;
        Group = group;
        MessageType = messageType;
        HandlerName = handlerName;
        _dispatch = dispatch;
    }

    public string Stream { get; }
    public string Group { get; }
    /// <summary>The <c>type</c> field the outbox writes for this message (the Contracts record's name).</summary>
    public string MessageType { get; }
    public string HandlerName { get; }

    public static StreamSubscription For<THandler, TMessage>(string group)
        where THandler : class, IStreamHandler<TMessage>
        where TMessage : notnull =>
        new(THandler.Stream, group, typeof(TMessage).Name, typeof(THandler).Name, static (services, payload, context, cancellationToken) =>
        {
            var message = JsonSerializer.Deserialize<TMessage>(payload, Outbox.Json)
                ?? throw new JsonException($"The payload of {context.MessageId} is null.");
            return services.GetRequiredService<THandler>().HandleAsync(message, context, cancellationToken);
        });

    internal Task DispatchAsync(IServiceProvider scopedServices, string payload, StreamMessageContext context, CancellationToken cancellationToken) =>
        _dispatch(scopedServices, payload, context, cancellationToken);
}
