using System.Net;
using Aspire.Hosting.Testing;

namespace LoopDrive.AppHost.Tests;

[Collection(LoopDriveAppCollection.Name)]
public sealed class ResourceHealthTests(LoopDriveAppFixture fixture)
{
    [Fact]
    public async Task Migrations_finish_with_exit_code_zero()
    {
        var final = await fixture.WaitForExitAsync("migrations");

        Assert.True(final.ExitCode == 0,
            $"migrations exited with {final.ExitCode}\n{await fixture.LogTailAsync("migrations")}");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("workers")]
    [InlineData("web")]
    public async Task Every_service_comes_up_healthy_and_answers_health_with_200(string resource)
    {
        await fixture.WaitForHealthyAsync(resource);

        using var client = fixture.App.CreateHttpClient(resource, "http");
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
