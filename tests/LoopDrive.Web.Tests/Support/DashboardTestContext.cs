using Bunit;
using LoopDrive.Client;
using LoopDrive.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace LoopDrive.Web.Tests.Support;

/// <summary>
/// A bUnit context wired like the dashboard: MudBlazor services, the per-circuit API state and a
/// real <see cref="LoopDriveClient"/> whose HTTP answers come from <see cref="Api"/>.
/// </summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    protected DashboardTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging();
        // Duplicates are let through so tests see every snackbar the dashboard asks for.
        Services.AddMudServices(mud => mud.SnackbarConfiguration.PreventDuplicates = false);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(_ => TestClients.Create(Api, o => o.MaxRetries = 1));
        Services.AddScoped<ApiConnectionState>();
        Services.AddScoped<ApiCalls>();
    }

    protected ScriptedApiHandler Api { get; } = new();

    /// <summary>Drives the dashboard's timers: refreshes and ping polls happen when a test advances it.</summary>
    protected FakeTimeProvider Time { get; } = new();

    /// <summary>Time a test waits for something the page does asynchronously before it fails.</summary>
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>The popover, dialog and snackbar hosts the layout normally renders.</summary>
    protected (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars) RenderProviders()
    {
        Render<MudPopoverProvider>();
        return (Render<MudDialogProvider>(), Render<MudSnackbarProvider>());
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services are only asynchronously disposable, so the context must be disposed that way.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected Task<IDialogReference> ShowDialogAsync<TDialog>(IRenderedComponent<MudDialogProvider> host, DialogParameters<TDialog> parameters)
        where TDialog : IComponent
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        return host.InvokeAsync(() => dialogs.ShowAsync<TDialog>(typeof(TDialog).Name, parameters));
    }
}
