using LoopDrive.Infrastructure;
using LoopDrive.Infrastructure.Events;
using LoopDrive.Workers.Budget;
using LoopDrive.Workers.Events;
using LoopDrive.Workers.Learning;
using LoopDrive.Workers.Ops;
using LoopDrive.Workers.People;
using LoopDrive.Workers.Sends;
using LoopDrive.Workers.Spine;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddLoopDriveServices();
builder.AddSpineWorkers();

builder.Services.AddOpsConsumers();
builder.Services.AddEventsWorkers();
builder.Services.AddPeopleJobs();
builder.AddBudgetWorkers();
builder.AddSendsWorkers();
builder.AddInboxPolls();
builder.AddLearningWorkers();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
