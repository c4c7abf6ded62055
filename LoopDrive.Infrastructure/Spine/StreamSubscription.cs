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
    private readonly Func<IServiceProvider, IReadOnlyList<(string Payload, StreamMessageContext Context)>, CancellationToken, Task> _dispatch;
    private Func<IServiceProvider, string, string, string?>? _upgrade;

    private StreamSubscription(string stream, string group, string messageType, string handlerName, bool takesBatches,
        Func<IServiceProvider, IReadOnlyList<(string Payload, StreamMessageContext Context)>, CancellationToken, Task> dispatch)
    {
        Stream = stream;
        Group = group;
        MessageType = messageType;
        HandlerName = handlerName;
        TakesBatches = takesBatches;
        _dispatch = dispatch;
    }

    public string Stream { get; }
    public string Group { get; }
    /// <summary>The <c>type</c> field the outbox writes for this message (the Contracts record's name).</summary>
    public string MessageType { get; }
    public string HandlerName { get; }
    /// <summary>Whether the handler is an <see cref="IStreamBatchHandler{TMessage}"/> (one call per workspace and batch).</summary>
    public bool TakesBatches { get; }

    public static StreamSubscription For<THandler, TMessage>(string group)
        where THandler : class, IStreamHandler<TMessage>
        where TMessage : notnull
    {
        var subscription = Create<THandler, TMessage>(group);
        if (typeof(IReadsEarlierMessageTypes).IsAssignableFrom(typeof(THandler)))
            subscription._upgrade = static (services, type, payload) =>
                ((IReadsEarlierMessageTypes)services.GetRequiredService<THandler>()).Upgrade(type, payload);
        return subscription;
    }

    private static StreamSubscription Create<THandler, TMessage>(string group)
        where THandler : class, IStreamHandler<TMessage>
        where TMessage : notnull
    {
        if (typeof(IStreamBatchHandler<TMessage>).IsAssignableFrom(typeof(THandler)))
        {
            return new(THandler.Stream, group, typeof(TMessage).Name, typeof(THandler).Name, takesBatches: true,
                static (services, entries, cancellationToken) =>
                {
                    var messages = new StreamMessage<TMessage>[entries.Count];
                    for (var i = 0; i < entries.Count; i++)
                        messages[i] = new(Deserialize<TMessage>(entries[i].Payload, entries[i].Context), entries[i].Context);
                    var handler = (IStreamBatchHandler<TMessage>)services.GetRequiredService<THandler>();
                    return handler.HandleBatchAsync(messages, cancellationToken);
                });
        }
        return new(THandler.Stream, group, typeof(TMessage).Name, typeof(THandler).Name, takesBatches: false,
            static (services, entries, cancellationToken) =>
            {
                var (payload, context) = entries.Count == 1
                    ? entries[0]
                    : throw new InvalidOperationException("A per-message handler is dispatched one message at a time.");
                return services.GetRequiredService<THandler>().HandleAsync(Deserialize<TMessage>(payload, context), context, cancellationToken);
            });
    }

    /// <summary>An entry of another type in the current message's shape, when the handler reads that type (<see cref="IReadsEarlierMessageTypes"/>).</summary>
    internal string? UpgradeEarlier(IServiceProvider scopedServices, string type, string payload) =>
        _upgrade?.Invoke(scopedServices, type, payload);

    /// <summary>Per-message handlers take exactly one entry; batch handlers take one workspace's entries.</summary>
    internal Task DispatchAsync(IServiceProvider scopedServices, IReadOnlyList<(string Payload, StreamMessageContext Context)> entries,
        CancellationToken cancellationToken) =>
        _dispatch(scopedServices, entries, cancellationToken);

    private static TMessage Deserialize<TMessage>(string payload, StreamMessageContext context) =>
        JsonSerializer.Deserialize<TMessage>(payload, Outbox.Json)
        ?? throw new JsonException($"The payload of {context.MessageId} is null.");
}
