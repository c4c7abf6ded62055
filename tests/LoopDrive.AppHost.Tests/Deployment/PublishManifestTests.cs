using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace LoopDrive.AppHost.Tests.Deployment;

/// <summary>
/// What azd deploys: the publish manifest, generated offline. Production uses managed PostgreSQL
/// and Redis, so the manifest must start nothing of its own and take everything sensitive as
/// secret parameters.
/// </summary>
public sealed partial class PublishManifestTests
{
    private static readonly string[] Services = ["api", "workers", "web"];

    // Environment variables that carry credentials by name; each must come from a secret parameter.
    [GeneratedRegex("(ConnectionStrings__|ApiKey|Secret|Token|Password|AccountSid|PublicKey)", RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveVariable();

    [GeneratedRegex(@"^\{(?<resource>[A-Za-z0-9-]+)\.(value|connectionString)\}$")]
    private static partial Regex WholeReference();

    [Fact]
    public async Task The_manifest_has_no_executables_and_no_containers_of_its_own()
    {
        var resources = (await PublishManifest.DefaultAsync())["resources"]!.AsObject();

        var types = resources.ToDictionary(r => r.Key, r => (string)r.Value!["type"]!);
        Assert.DoesNotContain(types, t => t.Value.StartsWith("executable", StringComparison.Ordinal));
        Assert.DoesNotContain(types, t => t.Value.StartsWith("container", StringComparison.Ordinal));
        foreach (var service in (string[])["migrations", .. Services])
        {
            Assert.StartsWith("project.", types[service], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("loopdrive")]
    [InlineData("redis")]
    public async Task Database_and_redis_are_secret_connection_string_parameters(string name)
    {
        var resources = (await PublishManifest.DefaultAsync())["resources"]!.AsObject();

        var resource = resources[name]!.AsObject();
        Assert.Equal("parameter.v0", (string)resource["type"]!);
        Assert.NotNull(resource["connectionString"]);
        Assert.True(IsSecretParameter(resources, name), $"{name} is not a secret parameter: {resource.ToJsonString()}");
    }

    [Fact]
    public async Task Every_credential_a_service_receives_is_a_secret_parameter()
    {
        var resources = (await PublishManifest.DefaultAsync())["resources"]!.AsObject();

        var checkedVariables = 0;
        foreach (var service in (string[])["migrations", .. Services])
        {
            var env = resources[service]!["env"]?.AsObject() ?? [];
            foreach (var (variable, value) in env)
            {
                if (!SensitiveVariable().IsMatch(variable))
                {
                    continue;
                }

                checkedVariables++;
                var match = WholeReference().Match((string?)value ?? string.Empty);
                Assert.True(match.Success, $"{service}.{variable} = '{value}' is not a parameter reference.");
                Assert.True(IsSecretParameter(resources, match.Groups["resource"].Value),
                    $"{service}.{variable} refers to '{match.Groups["resource"].Value}', which is not a secret parameter.");
            }
        }

        // The database, Redis and the provider credentials reach api and workers at least.
        Assert.True(checkedVariables >= 2 * (2 + 12), $"only {checkedVariables} credential variables were found");
    }

    [Fact]
    public async Task Api_workers_and_web_declare_readiness_and_liveness_probes()
    {
        var resources = (await PublishManifest.DefaultAsync())["resources"]!.AsObject();

        foreach (var service in Services)
        {
            var probes = resources[service]!["probes"]?.AsArray();
            Assert.True(probes is not null, $"{service} has no probes: {resources[service]!.ToJsonString()}");
            var byType = probes.ToDictionary(p => (string)p!["type"]!, p => p!, StringComparer.OrdinalIgnoreCase);
            Assert.Equal("/health", (string?)byType["readiness"]!["httpGet"]?["path"]);
            Assert.Equal("/alive", (string?)byType["liveness"]!["httpGet"]?["path"]);
        }
    }

    [Fact]
    public async Task Migrations_run_to_completion_before_api_and_workers_start()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.LoopDrive_AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "loopdrive-unused-manifest.json")]);
        Assert.True(builder.ExecutionContext.IsPublishMode);

        foreach (var service in (string[])["api", "workers"])
        {
            var resource = builder.Resources.Single(r => r.Name == service);
            Assert.Contains(resource.Annotations.OfType<WaitAnnotation>(),
                w => w.Resource.Name == "migrations" && w.WaitType == WaitType.WaitForCompletion);
        }

        var web = builder.Resources.Single(r => r.Name == "web");
        Assert.Contains(web.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "api");
    }

    [Fact]
    public async Task Worker_replicas_come_from_configuration()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.LoopDrive_AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "loopdrive-unused-manifest.json"),
             "--Workers:Replicas=3"]);

        var workers = builder.Resources.Single(r => r.Name == "workers");
        Assert.Equal(3, workers.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
    }

    private static bool IsSecretParameter(JsonObject resources, string name) =>
        resources[name] is JsonObject parameter
        && (string?)parameter["type"] == "parameter.v0"
        && (bool?)parameter["inputs"]?["value"]?["secret"] == true;
}
