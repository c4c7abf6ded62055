using System.Net;
using System.Text;
using LoopDrive.Client;
using LoopDrive.Contracts.Platform;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Client;

public sealed class ProblemMappingTests
{
    [Fact]
    public async Task A_validation_problem_maps_every_field_of_the_problem()
    {
        var handler = new ScriptedApiHandler().Then(_ => ScriptedApiHandler.JsonReply(
            HttpStatusCode.BadRequest,
            new
            {
                type = "https://loopdrive.dev/problems/validation",
                title = "One or more fields are invalid",
                status = 400,
                detail = "Check the name.",
                instance = "/api/workspaces",
                code = "validation_failed",
                traceId = "00-abc-01",
                errors = new Dictionary<string, string[]> { ["name"] = ["Name is required.", "Name is too short."] },
            },
            "application/problem+json"));
        var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<LoopDriveApiException>(() => client.Workspaces.CreateAsync(new WorkspaceCreate(null)));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("One or more fields are invalid", error.Title);
        Assert.Equal("validation_failed", error.Code);
        Assert.Equal("Check the name.", error.Detail);
        Assert.Equal("00-abc-01", error.TraceId);
        Assert.Equal("https://loopdrive.dev/problems/validation", error.Type);
        Assert.Equal("/api/workspaces", error.Instance);
        Assert.Equal(["Name is required.", "Name is too short."], error.Errors["name"]);
    }

    [Fact]
    public async Task An_error_without_a_problem_body_uses_the_reason_phrase()
    {
        var handler = new ScriptedApiHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            ReasonPhrase = "Unauthorized",
            Content = new StringContent("<html>nope</html>", Encoding.UTF8, "text/html"),
        });
        var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<LoopDriveApiException>(() => client.Workspaces.ListAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Equal("Unauthorized", error.Title);
        Assert.Null(error.Code);
        Assert.Empty(error.Errors);
    }

    [Fact]
    public async Task A_malformed_problem_body_still_gives_the_status()
    {
        var handler = new ScriptedApiHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.Conflict)
        {
            ReasonPhrase = "Conflict",
            Content = new StringContent("{not json", Encoding.UTF8, "application/problem+json"),
        });
        var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<LoopDriveApiException>(() => client.ApiKeys.RevokeAsync("key_01"));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal("Conflict", error.Title);
    }

    [Fact]
    public async Task A_success_without_a_json_body_is_an_invalid_response_error()
    {
        var handler = new ScriptedApiHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("ok", Encoding.UTF8, "text/plain"),
        });
        var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<LoopDriveApiException>(() => client.Ops.GetQueuesAsync());

        Assert.Equal("invalid_response", error.Code);
        Assert.Single(handler.Requests);
    }
}
