using LoopDrive.Api.Events;
using LoopDrive.Api.Learning;
using LoopDrive.Api.Budget;
using LoopDrive.Api.Hosting;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Ops;
using LoopDrive.Api.People;
using LoopDrive.Api.Platform;
using LoopDrive.Api.Sends;
using LoopDrive.Api.Voice;
using LoopDrive.Infrastructure;
using LoopDrive.Infrastructure.Spine;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddLoopDriveServices();
builder.Services.AddSpineMonitoring();
builder.Services.AddLoopDriveProblemDetails();
builder.Services.AddApiKeyAuthentication();
builder.Services.AddWorkspaceRateLimiting(builder.Configuration);
builder.Services.AddIdempotency();
builder.Services.AddLoopDriveJson();
builder.Services.AddLoopDriveOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSdkAliases();
app.UseRouting();
app.UseRequestBodyLimits();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseIdempotencyBuffering();

app.MapDefaultEndpoints();
app.MapLoopDriveOpenApi();

var api = app.MapGroup("/api").WithIdempotency();
api.MapWorkspacesApi();
api.MapPersonApi();
api.MapBudgetApi();
api.MapVoiceApi();
api.MapEventsApi();
api.MapSendApi();
api.MapSendLogApi();
api.MapOpsApi();
api.MapLearningApi();

app.Run();

/// <summary>Entry point, public so functional tests can host the API in-process.</summary>
public partial class Program;
