using Aspire.Hosting.Publishing;

namespace LoopDrive.AppHost.Infra;

/// <summary>
/// How the services run when deployed (Azure Container Apps through azd): health probes the
/// platform polls, and how many worker replicas share the streams.
/// </summary>
internal static class ServiceDeployment
{
    public const string WorkerReplicasKey = "Workers:Replicas";
    public const string ReadinessPath = "/health";
    public const string LivenessPath = "/alive";

    /// <summary>
    /// Readiness on <c>/health</c> (every check; a degraded spine still answers 200) and liveness on
    /// <c>/alive</c> (the process only), so a slow dependency takes a replica out of rotation
    /// without restarting it. Declared for publishing only: run mode already gates on health checks.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDeploymentProbes(
        this IResourceBuilder<ProjectResource> service, IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return service;
        }

#pragma warning disable ASPIREPROBES001 // The probe API is marked for evaluation; it is what deployment targets read.
        return service
            .WithHttpProbe(ProbeType.Readiness, ReadinessPath, endpointName: "http")
            .WithHttpProbe(ProbeType.Liveness, LivenessPath, endpointName: "http")
            .WithManifestPublishingCallback(context => WriteProjectAsync(context, service.Resource));
    }

    /// <summary>
    /// The manifest's usual project entry (type, path, args, env, bindings) plus a <c>probes</c>
    /// list: Aspire's own project writer leaves the probe annotations out of the manifest.
    /// </summary>
    private static async Task WriteProjectAsync(ManifestPublishingContext context, ProjectResource project)
    {
        var writer = context.Writer;
        writer.WriteString("type", "project.v0");
        writer.WriteString("path", context.GetManifestRelativePath(project.GetProjectMetadata().ProjectPath));
        await context.WriteCommandLineArgumentsAsync(project);
        await context.WriteEnvironmentVariablesAsync(project);
        context.WriteBindings(project);

        writer.WriteStartArray("probes");
        foreach (var probe in project.Annotations.OfType<EndpointProbeAnnotation>())
        {
            writer.WriteStartObject();
            writer.WriteString("type", probe.Type.ToString().ToLowerInvariant());
            writer.WriteStartObject("httpGet");
            writer.WriteString("path", probe.Path);
            writer.WriteString("endpoint", probe.EndpointReference.EndpointName);
            writer.WriteEndObject();
            writer.WriteNumber("initialDelaySeconds", probe.InitialDelaySeconds);
            writer.WriteNumber("periodSeconds", probe.PeriodSeconds);
            writer.WriteNumber("timeoutSeconds", probe.TimeoutSeconds);
            writer.WriteNumber("failureThreshold", probe.FailureThreshold);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
#pragma warning restore ASPIREPROBES001

    /// <summary>
    /// Workers are stateless: each replica joins every consumer group under its own consumer name
    /// (host name + process id), so Redis hands each entry to exactly one of them. Publishing
    /// declares the replica count on the one <c>workers</c> app.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithWorkerReplicas(
        this IResourceBuilder<ProjectResource> workers, IDistributedApplicationBuilder builder)
    {
        var replicas = WorkerReplicas(builder);
        return builder.ExecutionContext.IsPublishMode && replicas > 1 ? workers.WithReplicas(replicas) : workers;
    }

    /// <summary>
    /// Locally each replica is a resource of its own (<c>workers</c>, <c>workers-2</c>, …) so the
    /// dashboard, health waits and logs name every one; a deployment has one app with N replicas.
    /// </summary>
    public static IEnumerable<string> WorkerResourceNames(this IDistributedApplicationBuilder builder)
    {
        var count = builder.ExecutionContext.IsPublishMode ? 1 : WorkerReplicas(builder);
        return Enumerable.Range(1, count).Select(i => i == 1 ? "workers" : $"workers-{i}");
    }

    private static int WorkerReplicas(IDistributedApplicationBuilder builder)
    {
        var replicas = builder.Configuration.GetValue(WorkerReplicasKey, 1);
        if (replicas < 1)
        {
            throw new InvalidOperationException($"{WorkerReplicasKey} is {replicas}; it must be at least 1.");
        }

        return replicas;
    }
}
