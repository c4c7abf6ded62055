namespace LoopDrive.Infrastructure.Spine;

/// <summary>Redis did not accept what the spine tried to hand it; the work stays durable in PostgreSQL.</summary>
public sealed class SpineTransportException : Exception
{
    public SpineTransportException() { }

    public SpineTransportException(string message) : base(message) { }

    public SpineTransportException(string message, Exception innerException) : base(message, innerException) { }
}
