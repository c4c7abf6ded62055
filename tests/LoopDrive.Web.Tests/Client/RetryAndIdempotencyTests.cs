using System.Net;
using System.Net.Http.Headers;
using LoopDrive.Client;
using LoopDrive.Contracts.Platform;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Client;

public sealed class RetryAndIdempotencyTests
{
    private static readonly object WorkspaceCreatedBody = new WorkspaceCreated(ContractSamples.Workspace(), ContractSamples.Created());

    [Fact]
    public async Task A_retried_create_sends_the_same_idempotency_key_on_every_attempt()
    {
        var handler = new ScriptedApiHandler()
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenStatus(HttpStatusCode.BadGateway)
            .ThenJson(HttpStatusCode.Created, WorkspaceCreatedBody);
        var client = TestClients.Create(handler);

        var created = await client.Workspaces.CreateAsync(new WorkspaceCreate("Acme"));

        Assert.Equal("ws_01demo", created.Workspace.Id);
        Assert.Equal(3, handler.Requests.Count);
        var keys = handler.Requests.Select(r => r.IdempotencyKey).Distinct().ToList();
        var key = Assert.Single(keys);
        Assert.False(string.IsNullOrWhiteSpace(key));
        Assert.All(handler.Requests, r => Assert.Equal("{\"name\":\"Acme\"}", r.Body));
    }

    [Fact]
    public async Task Two_separate_creates_get_different_idempotency_keys()
    {
        var handler = new ScriptedApiHandler()
            .ThenJson(HttpStatusCode.Created, WorkspaceCreatedBody)
            .ThenJson(HttpStatusCode.Created, WorkspaceCreatedBody);
        var client = TestClients.Create(handler);

        await client.Workspaces.CreateAsync(new WorkspaceCreate("Acme"));
        await client.Workspaces.CreateAsync(new WorkspaceCreate("Acme"));

        Assert.NotEqual(handler.Requests[0].IdempotencyKey, handler.Requests[1].IdempotencyKey);
    }

    [Fact]
    public async Task Deletes_carry_an_idempotency_key_and_reads_do_not()
    {
        var handler = new ScriptedApiHandler()
            .ThenJson(HttpStatusCode.OK, ContractSamples.Key(revokedAt: ContractSamples.Now))
            .ThenJson(HttpStatusCode.OK, ContractSamples.Workspace());
        var client = TestClients.Create(handler);

        await client.ApiKeys.RevokeAsync("key_01");
        await client.Workspaces.GetCurrentAsync();

        Assert.NotNull(handler.Requests[0].IdempotencyKey);
        Assert.Null(handler.Requests[1].IdempotencyKey);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Retryable_statuses_are_retried_until_success(HttpStatusCode status)
    {
        var handler = new ScriptedApiHandler()
            .ThenStatus(status)
            .ThenJson(HttpStatusCode.OK, ContractSamples.Workspace());
        var client = TestClients.Create(handler);

        var workspace = await client.Workspaces.GetCurrentAsync();

        Assert.Equal("Demo Workspace", workspace.Name);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task Other_client_errors_are_never_retried(HttpStatusCode status)
    {
        var handler = new ScriptedApiHandler()
            .Then(_ => ScriptedApiHandler.Problem(status, "Refused", "refused"))
            .ThenJson(HttpStatusCode.Created, WorkspaceCreatedBody);
        var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<LoopDriveApiException>(() => client.Workspaces.CreateAsync(new WorkspaceCreate("Acme")));

        Assert.Equal(status, error.Status);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Retries_stop_after_max_retries_and_surface_the_last_problem()
    {
        var handler = new ScriptedApiHandler();
        for (var i = 0; i < 5; i++)
        {
            handler.Then(_ => ScriptedApiHandler.Problem(HttpStatusCode.ServiceUnavailable, "Database unavailable", "db_unavailable"));
        }

        var client = TestClients.Create(handler, o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<LoopDriveApiException>(() => client.Ops.GetQueuesAsync());

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal("db_unavailable", error.Code);
    }

    [Fact]
    public async Task Zero_max_retries_means_exactly_one_attempt()
    {
        var handler = new ScriptedApiHandler()
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenJson(HttpStatusCode.OK, ContractSamples.Workspace());
        var client = TestClients.Create(handler, o => o.MaxRetries = 0);

        await Assert.ThrowsAsync<LoopDriveApiException>(() => client.Workspaces.GetCurrentAsync());

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Backoff_doubles_from_the_base_delay_and_is_capped()
    {
        var waits = new List<TimeSpan>();
        var handler = new ScriptedApiHandler()
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenStatus(HttpStatusCode.ServiceUnavailable)
            .ThenJson(HttpStatusCode.OK, ContractSamples.Workspace());
        var client = TestClients.Create(handler, o =>
        {
            o.MaxRetries = 4;
            o.RetryBaseDelay = TimeSpan.FromSeconds(1);
            o.MaxRetryDelay = TimeSpan.FromSeconds(5);
        }, waits);

        await client.Workspaces.GetCurrentAsync();

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)], waits);
    }

    [Fact]
    public async Task Retry_after_seconds_replace_the_backoff_within_the_cap()
    {
        var waits = new List<TimeSpan>();
        var handler = new ScriptedApiHandler()
            .ThenStatus(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)))
            .ThenStatus(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1)))
            .ThenJson(HttpStatusCode.OK, ContractSamples.Workspace());
        var client = TestClients.Create(handler, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
            o.MaxRetryDelay = TimeSpan.FromSeconds(30);
        }, waits);

        await client.Workspaces.GetCurrentAsync();

        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(30)], waits);
    }

    [Fact]
    public async Task Retry_after_as_a_date_waits_until_that_moment()
    {
        var waits = new List<TimeSpan>();
        var time = new FixedTimeProvider(ContractSamples.Now);
        var handler = new ScriptedApiHandler()
            .ThenStatus(HttpStatusCode.ServiceUnavailable, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(ContractSamples.Now.AddSeconds(12)))
            .ThenJson(HttpStatusCode.OK, ContractSamples.Workspace());
        var client = TestClients.Create(handler, waits: waits, time: time);

        await client.Workspaces.GetCurrentAsync();

        Assert.Equal([TimeSpan.FromSeconds(12)], waits);
    }

    [Fact]
    public async Task Network_failures_are_retried_with_the_same_key()
    {
        var handler = new ScriptedApiHandler()
            .ThenNetworkFailure()
            .ThenNetworkFailure()
            .ThenJson(HttpStatusCode.Accepted, new { id = "ping_01", status = "pending", createdAt = ContractSamples.Now, handledCount = 0 });
        var client = TestClients.Create(handler);

        var ping = await client.Ops.CreatePingAsync();

        Assert.Equal("ping_01", ping.Id);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Single(handler.Requests.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task An_unreachable_api_becomes_a_connection_exception_after_every_attempt()
    {
        var handler = new ScriptedApiHandler();
        for (var i = 0; i < 4; i++)
        {
            handler.ThenNetworkFailure();
        }

        var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<LoopDriveConnectionException>(() => client.Ops.GetQueuesAsync());

        Assert.Equal(4, error.Attempts);
        Assert.Equal(4, handler.Requests.Count);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task A_caller_cancellation_is_not_retried()
    {
        var handler = new ScriptedApiHandler()
            .Then(_ => throw new TaskCanceledException())
            .ThenJson(HttpStatusCode.OK, ContractSamples.Workspace());
        var client = TestClients.Create(handler);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Workspaces.GetCurrentAsync(cancelled.Token));

        Assert.True(handler.Requests.Count <= 1);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
