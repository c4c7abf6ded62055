using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace LoopDrive.Core.Sends.Webhooks;

/// <summary>
/// The secrets webhooks are verified with. Live (<c>Providers:Mode=live</c>): the configured
/// provider keys (<c>SendGrid:WebhookPublicKey</c>, <c>Twilio:AuthToken</c>, <c>Meta:AppSecret</c>,
/// <c>Meta:VerifyToken</c>, <c>X:ConsumerSecret</c>). Sandbox: keys derived from
/// <c>Sends:Sandbox:Seed</c>, so the API (verifying) and the workers (signing as the sandbox
/// providers) agree without sharing a file; the sandbox also holds the SendGrid private key.
/// </summary>
public sealed class ProviderKeys : IDisposable
{
    public const string DefaultSeed = "loopdrive-sandbox";

    private ProviderKeys(bool live, ECDsa? sendGridPublic, ECDsa? sendGridPrivate, string? twilio, string? meta, string? verify, string? x, string unsubscribe)
    {
        UnsubscribeSecret = unsubscribe;
        Live = live;
        SendGridPublicKey = sendGridPublic;
        SandboxSendGridKey = sendGridPrivate;
        TwilioAuthToken = twilio;
        MetaAppSecret = meta;
        MetaVerifyToken = verify;
        XConsumerSecret = x;
    }

    public bool Live { get; }
    /// <summary>Null when no key is configured: every SendGrid webhook is then refused.</summary>
    public ECDsa? SendGridPublicKey { get; }
    /// <summary>Sandbox only: the key the sandbox SendGrid signs its events with.</summary>
    public ECDsa? SandboxSendGridKey { get; }
    public string? TwilioAuthToken { get; }
    public string? MetaAppSecret { get; }
    public string? MetaVerifyToken { get; }
    public string? XConsumerSecret { get; }
    /// <summary>Signs one-click unsubscribe links (<c>Sends:UnsubscribeSecret</c>; else derived, see <see cref="From"/>).</summary>
    public string UnsubscribeSecret { get; }

    public static bool IsLive(IConfiguration configuration) =>
        string.Equals(configuration["Providers:Mode"], "live", StringComparison.OrdinalIgnoreCase);

    public static ProviderKeys From(IConfiguration configuration)
    {
        if (IsLive(configuration))
        {
            ECDsa? sendGrid = null;
            if (configuration["SendGrid:WebhookPublicKey"] is { Length: > 0 } key)
            {
                sendGrid = ECDsa.Create();
                sendGrid.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key), out _);
            }
            // Without its own secret, links are signed with one derived from the SendGrid key: secret, and stable across restarts.
            var unsubscribe = Blank(configuration["Sends:UnsubscribeSecret"]) ?? Secret(configuration["SendGrid:ApiKey"] ?? "", "unsubscribe");
            return new ProviderKeys(true, sendGrid, null, Blank(configuration["Twilio:AuthToken"]), Blank(configuration["Meta:AppSecret"]),
                Blank(configuration["Meta:VerifyToken"]), Blank(configuration["X:ConsumerSecret"]), unsubscribe);
        }

        var seed = configuration["Sends:Sandbox:Seed"] is { Length: > 0 } s ? s : DefaultSeed;
        var signer = ECDsa.Create();
        // A P-256 private scalar from the seed; .NET derives the public point from it.
        signer.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = Derive(seed, "sendgrid") });
        var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(signer.ExportSubjectPublicKeyInfo(), out _);
        return new ProviderKeys(false, verifier, signer, Secret(seed, "twilio"), Secret(seed, "meta"), Secret(seed, "meta-verify"), Secret(seed, "x"),
            Blank(configuration["Sends:UnsubscribeSecret"]) ?? Secret(seed, "unsubscribe"));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static byte[] Derive(string seed, string purpose) => SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}|{seed}"));

    private static string Secret(string seed, string purpose) => Convert.ToHexStringLower(Derive(seed, purpose))[..32];

    public void Dispose()
    {
        SendGridPublicKey?.Dispose();
        SandboxSendGridKey?.Dispose();
    }
}
