using LoopDrive.Core.Platform;

namespace LoopDrive.Core.Tests.Platform;

public sealed class WorkspaceSlugsTests
{
    [Theory]
    [InlineData("Acme", "acme")]
    [InlineData("  Acme EU  ", "acme-eu")]
    [InlineData("Acme & Sons, Ltd.", "acme-sons-ltd")]
    [InlineData("Über Brands", "ber-brands")]
    public void A_slug_is_made_from_a_name_with_single_dashes(string name, string slug) =>
        Assert.Equal(slug, WorkspaceSlugs.FromName(name));

    [Theory]
    [InlineData("acme", true)]
    [InlineData("acme-eu", true)]
    [InlineData("a", false)]
    [InlineData("Acme", false)]
    [InlineData("acme--eu", false)]
    [InlineData("-acme", false)]
    public void Only_normalized_slugs_are_valid(string slug, bool valid) =>
        Assert.Equal(valid, WorkspaceSlugs.IsValid(slug));
}
