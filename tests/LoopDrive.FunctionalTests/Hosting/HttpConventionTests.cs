using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LoopDrive.Contracts.Platform;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Hosting;

public sealed class HttpConventionTests(TestServers servers) : ApiTest(servers)
{
    [Fact]
    public async Task A_body_over_one_mebibyte_gets_413()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");
        var body = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");

        var response = await ClientWithKey(key).PostAsync("/api/workspaces", body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Malformed_json_gets_400_naming_where_it_broke()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");

        var response = await ClientWithKey(key).PostAsync("/api/workspaces",
            new StringContent("""{"name": "Acme", "slug": 42}""", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        Assert.True(problem.GetProperty("errors").TryGetProperty("slug", out _), problem.ToString());
    }

    [Fact]
    public async Task Truncated_json_gets_400_not_500()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");

        var response = await ClientWithKey(key).PostAsync("/api/workspaces",
            new StringContent("""{"name": "Acme""", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task Invalid_fields_get_400_with_an_error_per_field()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");

        var response = await ClientWithKey(key).PostAsJsonAsync("/api/workspaces",
            new WorkspaceCreate("", Slug: "Not A Slug", DefaultRegion: "Narnia", Timezone: "Mars/Olympus"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "slug", "defaultRegion", "timezone" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task A_duplicate_slug_gets_409()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");

        var response = await ClientWithKey(key).PostAsJsonAsync("/api/workspaces", new WorkspaceCreate("Acme", Slug: "acme"));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "slug_taken");
    }

    [Theory]
    [InlineData("/api/api/workspaces/current")]
    [InlineData("/api/workspaces/current")]
    public async Task The_doubled_api_prefix_of_an_sdk_with_an_api_base_url_reaches_the_same_route(string path)
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");
        var current = await ClientWithKey(key).GetFromJsonAsync<Workspace>(path);
        Assert.Equal(workspace.Id, current!.Id);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/api/health")]
    [InlineData("/api/person/health")]
    [InlineData("/api/brand-voice/health")]
    public async Task Health_answers_status_and_version_without_a_key(string path)
    {
        var response = await ClientWithKey(null).GetAsync(path);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_routes_without_a_key()
    {
        var json = JsonDocument.Parse(await ClientWithKey(null).GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = json.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/workspaces/current", out _));
        Assert.True(paths.TryGetProperty("/api/ops/pings", out _));
    }

    [Fact]
    public async Task Timestamps_leave_as_utc_with_milliseconds()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");
        var json = JsonDocument.Parse(await ClientWithKey(key).GetStringAsync("/api/workspaces/current")).RootElement;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", json.GetProperty("createdAt").GetString());
    }
}
