using LoopDrive.AppHost.Infra;

// LoopDrive's topology: PostgreSQL + Redis (containers, native binaries or external, per
// Infra:Mode; connection-string parameters when publishing), a one-shot migrations run, then
// api, workers (Workers:Replicas of them) and the web dashboard.
var builder = DistributedApplication.CreateBuilder(args);

var state = builder.GetStateDirectory();
var infra = builder.AddLoopDriveInfrastructure(state);
var demoKey = builder.AddDemoApiKey(state);
var providers = builder.AddProviderSecrets();

var migrations = builder.AddProject<Projects.LoopDrive_MigrationService>("migrations")
    .WithInfrastructure(infra)
    .WithStateDirectory(builder, state)
    .WithDemoApiKey("LoopDrive__Demo__ApiKey", demoKey)
    .WithLivingDemo(builder)
    .WithLoopDriveConventions();

var api = builder.AddProject<Projects.LoopDrive_Api>("api")
    .WithInfrastructure(infra)
    .WaitForCompletion(migrations)
    .WithProviders(providers)
    .WithLivingDemo(builder)
    .WithHttpHealthCheck("/health")
    .WithDeploymentProbes(builder)
    .WithLoopDriveConventions();

foreach (var name in builder.WorkerResourceNames())
{
    // The api reference lets the sandbox providers post their simulated webhooks to the api.
    builder.AddProject<Projects.LoopDrive_Workers>(name)
        .WithInfrastructure(infra)
        .WithReference(api)
        .WaitForCompletion(migrations)
        .WithProviders(providers)
        .WithLivingDemo(builder)
        .WithHttpHealthCheck("/health")
        .WithDeploymentProbes(builder)
        .WithWorkerReplicas(builder)
        .WithLoopDriveConventions();
}

builder.AddProject<Projects.LoopDrive_Web>("web")
    .WithReference(api)
    .WaitFor(api)
    .WithDemoApiKey("LoopDrive__ApiKey", demoKey)
    .WithHttpHealthCheck("/health")
    .WithDeploymentProbes(builder)
    .WithExternalHttpEndpoints()
    .WithLoopDriveConventions();

builder.Build().Run();
