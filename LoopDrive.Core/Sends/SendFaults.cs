namespace LoopDrive.Core.Sends;

/// <summary>
/// A seam at the one moment that matters for at-most-once delivery: the provider has answered and
/// the answer is not yet recorded. Production registers <see cref="None"/>; the fault-injection
/// test registers one that kills the run there.
/// </summary>
public interface ISendFaults
{
    void AfterProviderCall(string sendId);
}

public sealed class NoSendFaults : ISendFaults
{
    public static readonly NoSendFaults None = new();

    public void AfterProviderCall(string sendId)
    {
        // Nothing is injected outside tests.
    }
}
