namespace LoopDrive.Infrastructure.Sends;

/// <summary>Configuration section <c>SendGrid</c> (live email).</summary>
public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    public string? ApiKey { get; set; }
    /// <summary>The API host; tests point it at a local fake.</summary>
    public string BaseUrl { get; set; } = "https://api.sendgrid.com";
    /// <summary>Sender when a send names none.</summary>
    public string? FromAddress { get; set; }
    public string? FromName { get; set; }
}

/// <summary>Configuration section <c>Twilio</c> (live SMS).</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    /// <summary>E.164 sender when a send names none (or a messaging service below).</summary>
    public string? FromNumber { get; set; }
    public string? MessagingServiceSid { get; set; }
    /// <summary>Unset: api.twilio.com. Tests point it at a local fake.</summary>
    public string? BaseUrl { get; set; }
}
