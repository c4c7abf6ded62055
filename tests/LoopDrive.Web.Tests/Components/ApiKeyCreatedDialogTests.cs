using Bunit;
using LoopDrive.Web.Components.Pages.Settings;
using LoopDrive.Web.Tests.Support;
using MudBlazor;

namespace LoopDrive.Web.Tests.Components;

public sealed class ApiKeyCreatedDialogTests : DashboardTestContext
{
    [Fact]
    public async Task The_key_created_dialog_shows_the_key_once_with_a_warning()
    {
        var (dialogs, _) = RenderProviders();
        var created = ContractSamples.Created();

        await ShowDialogAsync(dialogs, new DialogParameters<ApiKeyCreatedDialog> { { d => d.Created, created } });

        dialogs.WaitForAssertion(() =>
        {
            Assert.Equal(created.Key, dialogs.Find(".new-key-value").TextContent);
            Assert.Contains("will not be shown again", dialogs.Markup, StringComparison.Ordinal);
            Assert.Contains("billing export", dialogs.Markup, StringComparison.Ordinal);
        }, Deadline);
    }

    [Fact]
    public async Task The_copy_button_puts_the_key_on_the_clipboard()
    {
        var (dialogs, _) = RenderProviders();
        var created = ContractSamples.Created();
        var copy = JSInterop.SetupVoid("loopDrive.copyText", created.Key);
        copy.SetVoidResult();

        await ShowDialogAsync(dialogs, new DialogParameters<ApiKeyCreatedDialog> { { d => d.Created, created } });
        dialogs.WaitForElement("button.copy-key", Deadline).Click();

        dialogs.WaitForAssertion(() => Assert.Single(copy.Invocations), Deadline);
    }
}
