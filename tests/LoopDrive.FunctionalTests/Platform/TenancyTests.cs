using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Platform;
using LoopDrive.Contracts.Spine;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Platform;

public sealed class TenancyTests(TestServers servers) : ApiTest(servers)
{
    [Fact]
    public async Task A_request_without_a_key_gets_401_problem_json()
    {
        var response = await ClientWithKey(null).GetAsync("/api/workspaces/current");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("ld_000000000000000000000000000000000000000000000000")]
    [InlineData("not-a-key")]
    public async Task An_unknown_or_malformed_key_gets_401(string key)
    {
        var response = await ClientWithKey(key).GetAsync("/api/workspaces/current");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_key_sees_its_own_workspace()
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");
        var current = await ClientWithKey(key).GetFromJsonAsync<Workspace>("/api/workspaces/current");
        Assert.Equal(workspace.Id, current!.Id);
        Assert.Equal("acme", current.Slug);
    }

    [Fact]
    public async Task A_key_of_workspace_A_gets_404_for_an_id_of_workspace_B()
    {
        var (_, keyA) = await CreateWorkspaceAsync("alpha");
        var (_, keyB) = await CreateWorkspaceAsync("bravo");
        var created = await ClientWithKey(keyB).PostAsJsonAsync("/api/ops/pings", new { });
        var ping = await created.Content.ReadFromJsonAsync<Ping>();

        var asB = await ClientWithKey(keyB).GetAsync($"/api/ops/pings/{ping!.Id}");
        var asA = await ClientWithKey(keyA).GetAsync($"/api/ops/pings/{ping.Id}");

        Assert.Equal(HttpStatusCode.OK, asB.StatusCode);
        await asA.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_admin_key_cannot_see_the_keys_of_another_organizations_workspace()
    {
        var (_, keyA) = await CreateWorkspaceAsync("alpha");
        var (workspaceB, _) = await CreateWorkspaceAsync("bravo");

        var response = await ClientWithKey(keyA).GetAsync($"/api/workspaces/{workspaceB.Id}/api-keys");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_key_without_the_admin_scope_cannot_manage_keys()
    {
        var (workspace, admin) = await CreateWorkspaceAsync("acme");
        var created = await ClientWithKey(admin).PostAsJsonAsync($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate("worker"));
        var apiOnly = (await created.Content.ReadFromJsonAsync<ApiKeyCreated>())!;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([ApiKeyScopes.Api], apiOnly.ApiKey.Scopes);
        var response = await ClientWithKey(apiOnly.Key).GetAsync($"/api/workspaces/{workspace.Id}/api-keys");
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_created_key_is_shown_once_listed_by_prefix_and_stops_working_when_revoked()
    {
        var (workspace, admin) = await CreateWorkspaceAsync("acme");
        var adminClient = ClientWithKey(admin);
        var created = (await (await adminClient.PostAsJsonAsync($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate("ci")))
            .Content.ReadFromJsonAsync<ApiKeyCreated>())!;
        Assert.Equal(HttpStatusCode.OK, (await ClientWithKey(created.Key).GetAsync("/api/workspaces/current")).StatusCode);

        var list = await adminClient.GetFromJsonAsync<ApiKeyList>($"/api/workspaces/{workspace.Id}/api-keys");
        var listed = Assert.Single(list!.ApiKeys, k => k.Id == created.ApiKey.Id);
        Assert.StartsWith(listed.Prefix, created.Key, StringComparison.Ordinal);
        Assert.NotNull(listed.LastUsedAt);
        Assert.DoesNotContain(created.Key, await adminClient.GetStringAsync($"/api/workspaces/{workspace.Id}/api-keys"), StringComparison.Ordinal);

        var revoked = await adminClient.DeleteAsync($"/api/api-keys/{created.ApiKey.Id}");
        var revokedKey = await revoked.Content.ReadFromJsonAsync<ApiKey>();
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotNull(revokedKey!.RevokedAt);

        var after = await ClientWithKey(created.Key).GetAsync("/api/workspaces/current");
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_workspace_created_through_the_api_joins_the_callers_organization()
    {
        var (workspace, admin) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(admin);

        var response = await client.PostAsJsonAsync("/api/workspaces", new WorkspaceCreate("Acme EU", DefaultRegion: "de", Timezone: "Europe/Berlin"));
        var created = await response.Content.ReadFromJsonAsync<WorkspaceCreated>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("acme-eu", created!.Workspace.Slug);
        Assert.Equal("DE", created.Workspace.DefaultRegion);
        Assert.Equal(workspace.OrganizationId, created.Workspace.OrganizationId);
        var list = await client.GetFromJsonAsync<WorkspaceList>("/api/workspaces");
        Assert.Equal(2, list!.Total);
        var newKey = await ClientWithKey(created.AdminKey.Key).GetFromJsonAsync<Workspace>("/api/workspaces/current");
        Assert.Equal(created.Workspace.Id, newKey!.Id);
    }
}
