namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>Where a score becomes a finding. Blocking findings make a text unsafe; the rest are warnings.</summary>
public static class GuardrailThresholds
{
    public const double ToxicityBlock = 0.5;
    public const double SpamBlock = 0.5;
    public const double SpamWarn = 0.3;
    public const double AlignmentWarn = 0.4;
    public const double SentimentWarn = -0.3;
    public const int SmsDefaultMaxSegments = 3;

    /// <summary>Channel ceilings in characters when the caller sets none (the platforms' own limits or sane ones).</summary>
    public static int MaxChars(string channel) => channel switch
    {
        "email" => 20_000,
        "sms" => 160 * SmsDefaultMaxSegments,
        "x" => 280,
        "instagram" => 1_000,
        "facebook" => 2_000,
        "whatsapp" => 4_096,
        "linkedin" => 1_900,
        "reddit" => 10_000,
        _ => 2_000,
    };

    /// <summary>The smallest <c>maxChars</c> a caller may ask for on a channel (below it no message fits).</summary>
    public static int MinimumMaxChars(string channel) => channel switch
    {
        "email" => 200,
        "sms" => 70,
        _ => 50,
    };
}
