using Bunit;
using LoopDrive.Web.Components.Layout;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Components;

public sealed class NavMenuTests : DashboardTestContext
{
    [Fact]
    public void The_nav_lists_every_area_with_its_link()
    {
        var nav = Render<NavMenu>();

        var links = nav.FindAll("a.mud-nav-link");
        Assert.Equal(
            ["Overview", "People", "Brand voice", "Sends", "Events", "Budget", "Learning", "Settings", "Operations"],
            links.Select(a => a.TextContent.Trim()));
        Assert.Equal(
            ["/", "/people", "/voice", "/sends", "/events", "/budget", "/learning", "/settings", "/operations"],
            links.Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void Every_area_has_an_icon_in_the_nav()
    {
        var nav = Render<NavMenu>();

        Assert.Equal(DashboardAreas.All.Count, nav.FindAll("a.mud-nav-link svg").Count);
    }
}
