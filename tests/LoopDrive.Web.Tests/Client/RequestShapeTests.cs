using System.Net;
using System.Text.Json;
using LoopDrive.Client;
using LoopDrive.Contracts.Platform;
using LoopDrive.Contracts.Spine;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Client;

public sealed class RequestShapeTests
{
    [Fact]
    public async Task Every_call_carries_the_api_key_as_a_bearer_token()
    {
        var handler = new ScriptedApiHandler().ThenJson(HttpStatusCode.OK, new WorkspaceList([ContractSamples.Workspace()], 1));
        var client = TestClients.Create(handler);

        await client.Workspaces.ListAsync();

        var auth = handler.Requests.Single().Authorization;
        Assert.Equal("Bearer", auth?.Scheme);
        Assert.Equal(TestClients.ApiKey, auth?.Parameter);
    }

    [Fact]
    public async Task Bodies_are_camel_case_json_without_null_fields()
    {
        var handler = new ScriptedApiHandler().ThenJson(HttpStatusCode.Created, ContractSamples.Created());
        var client = TestClients.Create(handler);

        await client.ApiKeys.CreateAsync("ws_01demo", new ApiKeyCreate("ci deploy", [ApiKeyScopes.Api, ApiKeyScopes.Admin]));

        var request = handler.Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/workspaces/ws_01demo/api-keys", request.Uri.AbsolutePath);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("{\"name\":\"ci deploy\",\"scopes\":[\"api\",\"admin\"]}", request.Body);
    }

    [Fact]
    public async Task Creating_a_ping_posts_an_empty_json_object()
    {
        var handler = new ScriptedApiHandler().ThenJson(HttpStatusCode.Accepted,
            new Ping("ping_01", PingStatus.Pending, ContractSamples.Now, null, 0, null));
        var client = TestClients.Create(handler);

        var ping = await client.Ops.CreatePingAsync();

        var request = handler.Requests.Single();
        Assert.Equal("/api/ops/pings", request.Uri.AbsolutePath);
        Assert.Equal("{}", request.Body);
        Assert.Equal(PingStatus.Pending, ping.Status);
        Assert.Null(ping.HandledAt);
    }

    [Fact]
    public async Task Routes_match_the_contract()
    {
        var handler = new ScriptedApiHandler()
            .OnJson(HttpMethod.Get, "/api/workspaces", new WorkspaceList([], 0))
            .OnJson(HttpMethod.Get, "/api/workspaces/current", ContractSamples.Workspace())
            .OnJson(HttpMethod.Get, "/api/workspaces/ws_01demo/api-keys", new ApiKeyList([ContractSamples.Key()], 1))
            .OnJson(HttpMethod.Delete, "/api/api-keys/key_01", ContractSamples.Key(revokedAt: ContractSamples.Now))
            .OnJson(HttpMethod.Get, "/api/ops/queues", ContractSamples.AllStreamsOk())
            .OnJson(HttpMethod.Get, "/api/ops/pings/ping_01", new Ping("ping_01", PingStatus.Handled, ContractSamples.Now, ContractSamples.Now, 1, 4.2));
        var client = TestClients.Create(handler);

        Assert.Equal(0, (await client.Workspaces.ListAsync()).Total);
        Assert.Equal("ws_01demo", (await client.Workspaces.GetCurrentAsync()).Id);
        Assert.Equal("crm sync", (await client.ApiKeys.ListAsync("ws_01demo")).ApiKeys.Single().Name);
        Assert.NotNull((await client.ApiKeys.RevokeAsync("key_01")).RevokedAt);
        Assert.Equal(StreamNames.All.Count, (await client.Ops.GetQueuesAsync()).Queues.Count);
        Assert.Equal(4.2, (await client.Ops.GetPingAsync("ping_01")).HandOffMs);
    }

    [Fact]
    public async Task Ids_are_escaped_as_one_path_segment()
    {
        var handler = new ScriptedApiHandler().ThenJson(HttpStatusCode.OK, ContractSamples.Key());
        var client = TestClients.Create(handler);

        await client.ApiKeys.RevokeAsync("../workspaces");

        Assert.Equal("/api/api-keys/..%2Fworkspaces", handler.Requests.Single().Uri.AbsolutePath);
    }

    [Fact]
    public async Task A_base_address_with_a_path_keeps_its_prefix()
    {
        var handler = new ScriptedApiHandler().ThenJson(HttpStatusCode.OK, ContractSamples.Workspace());
        var client = TestClients.Create(handler, o => o.BaseAddress = new Uri("http://gateway.test/loopdrive"));

        await client.Workspaces.GetCurrentAsync();

        Assert.Equal("http://gateway.test/loopdrive/api/workspaces/current", handler.Requests.Single().Uri.ToString());
    }

    [Fact]
    public async Task Responses_with_absent_optional_fields_deserialize()
    {
        var handler = new ScriptedApiHandler().Then(_ => ScriptedApiHandler.JsonReply(HttpStatusCode.OK, JsonDocument.Parse(
            """{"id":"key_01","workspaceId":"ws_01","name":"n","prefix":"ld_1","scopes":["api"],"createdAt":"2025-01-01T00:00:00.000Z"}""").RootElement));
        var client = TestClients.Create(handler);

        var key = await client.ApiKeys.RevokeAsync("key_01");

        Assert.Null(key.LastUsedAt);
        Assert.Null(key.RevokedAt);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), key.CreatedAt);
    }
}
