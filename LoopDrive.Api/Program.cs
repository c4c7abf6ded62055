var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();

/// <summary>Entry point, public so functional tests can host the API in-process.</summary>
public partial class Program;
