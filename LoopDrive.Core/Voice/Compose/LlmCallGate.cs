using System.Collections.Concurrent;

namespace LoopDrive.Core.Voice.Compose;

/// <summary>Per-workspace limit on model calls in flight, so one busy workspace cannot take every connection to the provider.</summary>
public sealed class LlmCallGate(Microsoft.Extensions.Options.IOptions<VoiceOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>A lease to dispose after the call, or null when the workspace is at its limit for the whole wait.</summary>
    public async Task<IDisposable?> TryEnterAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(workspaceId, _ => new SemaphoreSlim(options.Value.MaxConcurrentLlmCalls));
        return await gate.WaitAsync(options.Value.QueueWait, cancellationToken) ? new Lease(gate) : null;
    }

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
