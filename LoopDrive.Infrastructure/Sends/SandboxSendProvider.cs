using System.Collections.Concurrent;
using LoopDrive.Core.Sends;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// The offline provider for every channel (Providers:Mode sandbox): accepts each message, gives it
/// a provider id and remembers it by send id, so reconciliation can ask "do you have it?" exactly as
/// it asks a real provider. <see cref="Received"/> counts what each send id delivered — the
/// at-most-once tests read it.
/// </summary>
public sealed class SandboxSendProvider : ISendProvider
{
    private readonly ConcurrentDictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);
    private long _sequence;

    public string Name => "sandbox";

    public bool Handles(string channel) => true;

    public IReadOnlyDictionary<string, int> Received => _received;

    public int TotalReceived => _received.Values.Sum();

    public Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        _received.AddOrUpdate(message.SendId, 1, (_, n) => n + 1);
        var externalId = _accepted.GetOrAdd(message.SendId, _ => $"sbx_{message.Channel}_{Interlocked.Increment(ref _sequence):x}");
        return Task.FromResult(ProviderResult.Ok(externalId));
    }

    public Task<ProviderLookup> LookupAsync(string sendId, string channel, CancellationToken cancellationToken) =>
        Task.FromResult(_accepted.TryGetValue(sendId, out var id)
            ? new ProviderLookup(ProviderLookup.Found, id)
            : new ProviderLookup(ProviderLookup.NotFound));
}
