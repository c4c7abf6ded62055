namespace LoopDrive.AppHost.Infra;

/// <summary>
/// <c>Providers:Mode</c> and the provider credentials. Every credential is a secret AppHost
/// parameter; it reaches api and workers only in live mode or when a value is configured,
/// because an unresolved parameter holds back every resource that references it. When publishing,
/// every credential is wired: a deployment supplies them (or empty values) through azd.
/// </summary>
internal sealed record ProviderSecrets(string Mode, IReadOnlyList<(string Variable, IResourceBuilder<ParameterResource> Parameter)> Wired)
{
    public const string ConfigKey = "Providers:Mode";
    public const string Sandbox = "sandbox";
    public const string Live = "live";

    /// <summary>Publish mode only: the mode as a (non-secret) deployment parameter.</summary>
    public const string ModeParameterName = "providers-mode";

    public IResourceBuilder<ParameterResource>? ModeParameter { get; init; }

    /// <summary>Parameter name → environment variable the services bind (<c>Section__Key</c>).</summary>
    public static readonly IReadOnlyList<(string Parameter, string Variable)> Catalog =
    [
        ("openai-api-key", "OpenAI__ApiKey"),
        ("sendgrid-api-key", "SendGrid__ApiKey"),
        ("sendgrid-webhook-public-key", "SendGrid__WebhookPublicKey"),
        ("twilio-account-sid", "Twilio__AccountSid"),
        ("twilio-auth-token", "Twilio__AuthToken"),
        ("meta-app-secret", "Meta__AppSecret"),
        ("meta-access-token", "Meta__AccessToken"),
        ("x-bearer-token", "X__BearerToken"),
        ("reddit-client-id", "Reddit__ClientId"),
        ("reddit-client-secret", "Reddit__ClientSecret"),
        ("reddit-refresh-token", "Reddit__RefreshToken"),
        ("reddit-password", "Reddit__Password"),
        ("whatsapp-access-token", "WhatsApp__AccessToken"),
        ("stripe-secret-key", "Stripe__SecretKey"),
        ("stripe-webhook-secret", "Stripe__WebhookSecret"),
    ];
}

internal static class ProviderSecretsExtensions
{
    public static ProviderSecrets AddProviderSecrets(this IDistributedApplicationBuilder builder)
    {
        var mode = builder.Configuration[ProviderSecrets.ConfigKey];
        mode = string.IsNullOrWhiteSpace(mode) ? ProviderSecrets.Sandbox : mode.Trim().ToLowerInvariant();
        if (mode is not (ProviderSecrets.Sandbox or ProviderSecrets.Live))
        {
            throw new InvalidOperationException($"{ProviderSecrets.ConfigKey} is '{mode}'; expected sandbox or live.");
        }

        // A deployment chooses its mode at deploy time and must be able to receive every secret.
        var publishing = builder.ExecutionContext.IsPublishMode;
        var modeParameter = publishing
            ? builder.AddParameter(ProviderSecrets.ModeParameterName, mode, publishValueAsDefault: true)
            : null;

        var wired = new List<(string, IResourceBuilder<ParameterResource>)>();
        foreach (var (name, variable) in ProviderSecrets.Catalog)
        {
            var parameter = builder.AddParameter(name, secret: true);
            var configured = !string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{name}"]);
            if (publishing || mode == ProviderSecrets.Live || configured)
            {
                wired.Add((variable, parameter));
            }
        }

        return new ProviderSecrets(mode, wired) { ModeParameter = modeParameter };
    }

    public static IResourceBuilder<T> WithProviders<T>(this IResourceBuilder<T> service, ProviderSecrets providers)
        where T : IResourceWithEnvironment
    {
        if (providers.ModeParameter is { } modeParameter)
        {
            service.WithEnvironment("Providers__Mode", modeParameter);
        }
        else
        {
            service.WithEnvironment("Providers__Mode", providers.Mode);
        }

        foreach (var (variable, parameter) in providers.Wired)
        {
            service.WithEnvironment(variable, parameter);
        }

        return service;
    }
}
