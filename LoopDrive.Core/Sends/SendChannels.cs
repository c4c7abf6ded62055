using LoopDrive.Contracts.Sends;
using LoopDrive.Contracts.Spine;

namespace LoopDrive.Core.Sends;

/// <summary>Which streams and identity type serve a channel.</summary>
public static class SendChannels
{
    public const string Email = "email";
    public const string Sms = "sms";

    public static bool IsDm(string channel) => SendEnums.DmPlatforms.Contains(channel);

    public static string ComposeStream(string channel) => channel switch
    {
        Email => StreamNames.EmailCompose,
        Sms => StreamNames.SmsCompose,
        _ => StreamNames.SocialCompose,
    };

    public static string SendStream(string channel) => channel switch
    {
        Email => StreamNames.EmailSend,
        Sms => StreamNames.SmsSend,
        _ => StreamNames.SocialSend,
    };

    /// <summary>The identity types that address a person on the channel, best first (WhatsApp is reached by phone number).</summary>
    public static string[] IdentityTypes(string channel) => channel switch
    {
        Email => ["email"],
        Sms => ["phone"],
        "whatsapp" => ["whatsapp", "phone"],
        _ => [channel],
    };
}
