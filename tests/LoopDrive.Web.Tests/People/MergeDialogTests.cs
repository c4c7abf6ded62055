using System.Net;
using Bunit;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Components.Pages.People;
using LoopDrive.Web.Tests.Support;
using MudBlazor;

namespace LoopDrive.Web.Tests.People;

public sealed class MergeDialogTests : DashboardTestContext
{
    private static readonly Person Ada = PeopleSamples.Person();
    private static readonly Person Bob = PeopleSamples.Person("per_02bob", "Bob", "Babbage");

    [Fact]
    public async Task The_preview_shows_both_people_side_by_side_and_confirm_returns_the_source()
    {
        Api.OnJson(HttpMethod.Get, "/api/person/per_02bob/identities", new[] { PeopleSamples.Identity("email", "bob@example.com", "per_02bob") });
        var (dialogs, _) = RenderProviders();

        var reference = await ShowDialogAsync(dialogs, new DialogParameters<MergeDialog>
        {
            { d => d.Target, Ada },
            { d => d.TargetIdentities, [PeopleSamples.Identity()] },
            { d => d.Source, Bob },
        });

        dialogs.WaitForAssertion(() =>
        {
            Assert.Contains("Bob Babbage", dialogs.Find(".merge-source .summary-name").TextContent, StringComparison.Ordinal);
            Assert.Equal("bob@example.com", dialogs.Find(".merge-source .summary-identity").TextContent);
            Assert.Contains("Ada Lovelace", dialogs.Find(".merge-target .summary-name").TextContent, StringComparison.Ordinal);
            Assert.Equal("ada@example.com", dialogs.Find(".merge-target .summary-identity").TextContent);
        }, Deadline);
        dialogs.Find("button.confirm-merge").Click();

        var result = await reference.Result;
        Assert.False(result!.Canceled);
        Assert.Equal("per_02bob", Assert.IsType<Person>(result.Data).Id);
    }

    [Fact]
    public async Task Without_a_pick_the_merge_cannot_be_confirmed()
    {
        var (dialogs, _) = RenderProviders();

        await ShowDialogAsync(dialogs, new DialogParameters<MergeDialog> { { d => d.Target, Ada } });

        dialogs.WaitForAssertion(() =>
        {
            Assert.True(dialogs.Find("button.confirm-merge").HasAttribute("disabled"));
            Assert.Contains("Pick someone above", dialogs.Find(".merge-source").TextContent, StringComparison.Ordinal);
        }, Deadline);
    }

    [Fact]
    public void The_merge_section_shows_the_merge_id_and_undo_calls_the_api()
    {
        Api.OnJson(HttpMethod.Post, "/api/person/merge/mrg_01/undo", new MergeUndone("mrg_01", Bob, Ada));
        RenderProviders();
        MergeDone? reported = new("unchanged", "", "");

        var section = Render<MergeSection>(p => p
            .Add(x => x.Target, Ada)
            .Add(x => x.LastMerge, new MergeDone("mrg_01", "per_02bob", "Bob Babbage"))
            .Add(x => x.LastMergeChanged, merge => reported = merge));

        Assert.Equal("mrg_01", section.Find(".merge-id").TextContent);
        section.Find("button.undo-merge").Click();

        section.WaitForAssertion(() => Assert.Null(reported), Deadline);
        Assert.Equal("/api/person/merge/mrg_01/undo", Assert.Single(Api.Requests).Uri.AbsolutePath);
    }

    [Fact]
    public void Erasing_needs_the_typed_word()
    {
        var (dialogs, _) = RenderProviders();
        _ = ShowDialogAsync(dialogs, new DialogParameters<ErasePersonDialog> { { d => d.Person, Ada } });

        dialogs.WaitForAssertion(() => Assert.True(dialogs.Find("button.confirm-erase").HasAttribute("disabled")), Deadline);
        dialogs.Find(".erase-confirmation input").Input("eras");
        Assert.True(dialogs.Find("button.confirm-erase").HasAttribute("disabled"));
        dialogs.Find(".erase-confirmation input").Input(ErasePersonDialog.Confirmation);

        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("button.confirm-erase").HasAttribute("disabled")), Deadline);
    }
}
