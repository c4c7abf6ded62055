using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Common;
using LoopDrive.Core.People;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.People;

/// <summary>
/// The read paths that run on a pooled connection of their own instead of a DbContext
/// (<see cref="FindPerson.HandleWithoutTransactionAsync"/>, <see cref="ResolvePerson.TryWithoutWritingAsync"/>),
/// and the resolve route's de-duplication, which is claimed only before a write.
/// </summary>
public sealed class NoTransactionReadTests(TestServers servers) : PeopleTest(servers)
{
    private async Task<T> InWorkspaceAsync<T>(string? workspaceId, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        if (workspaceId is not null) scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspaceId);
        return await action(scope.ServiceProvider);
    }

    [Fact]
    public async Task Another_workspaces_id_is_not_found_and_the_system_context_sees_it()
    {
        var ada = await ResolveAsync(new { email = "ada@example.com" });
        var (other, _) = await CreateWorkspaceAsync("other");

        var fromOther = await InWorkspaceAsync(other.Id, sp => sp.GetRequiredService<FindPerson>().HandleWithoutTransactionAsync(ada.Person.Id, CancellationToken.None));
        var fromOwn = await InWorkspaceAsync(WorkspaceId, sp => sp.GetRequiredService<FindPerson>().HandleWithoutTransactionAsync(ada.Person.Id, CancellationToken.None));
        var fromSystem = await InWorkspaceAsync(null, sp => sp.GetRequiredService<FindPerson>().HandleWithoutTransactionAsync(ada.Person.Id, CancellationToken.None));

        Assert.Null(fromOther);
        Assert.Equal(ada.Person.Id, fromOwn?.Id);
        Assert.Equal(ada.Person.Id, fromSystem?.Id);
    }

    [Fact]
    public async Task A_tombstone_answers_the_end_of_its_merge_chain()
    {
        var a = (await ResolveAsync(new { email = "a@example.com" })).Person.Id;
        var b = (await ResolveAsync(new { email = "b@example.com" })).Person.Id;
        var c = (await ResolveAsync(new { email = "c@example.com" })).Person.Id;
        (await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(a, b))).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(b, c))).EnsureSuccessStatusCode();

        var found = await InWorkspaceAsync(WorkspaceId, sp => sp.GetRequiredService<FindPerson>().HandleWithoutTransactionAsync(a, CancellationToken.None));
        var overHttp = await Client.GetFromJsonAsync<LoopDrive.Contracts.People.Person>($"/api/person/{a}");

        Assert.Equal(c, found?.Id);
        Assert.Null(found!.MergedIntoId);
        Assert.Equal(c, overHttp!.Id);
    }

    [Fact]
    public async Task A_read_only_resolve_answers_as_the_writing_path_would_and_nothing_new_is_answered_without_a_write()
    {
        var created = await ResolveAsync(new { email = "ada@example.com", phone = "+14155550132", firstName = "Ada" });
        var given = new List<NormalizedIdentity> { new("email", "ada@example.com", "ada@example.com"), new("phone", "+14155550132", "+14155550132") };

        var read = await InWorkspaceAsync(WorkspaceId, sp => sp.GetRequiredService<ResolvePerson>().TryWithoutWritingAsync(WorkspaceId, given, null, null, CancellationToken.None));
        var written = await InWorkspaceAsync(WorkspaceId, sp => sp.GetRequiredService<ResolvePerson>().HandleWithoutTransactionAsync(WorkspaceId, given, null, null, CancellationToken.None));
        var withNewPhone = await InWorkspaceAsync(WorkspaceId, sp => sp.GetRequiredService<ResolvePerson>().TryWithoutWritingAsync(WorkspaceId,
            [given[0], new("phone", "+14155550199", "+14155550199")], null, null, CancellationToken.None));
        var withMissingName = await InWorkspaceAsync(WorkspaceId, sp => sp.GetRequiredService<ResolvePerson>().TryWithoutWritingAsync(WorkspaceId,
            given, null, "Lovelace", CancellationToken.None));

        Assert.NotNull(read);
        Assert.Equal(created.Person.Id, read.Person.Id);
        Assert.False(read.Created);
        Assert.Equal(written.MatchedOn, read.MatchedOn);
        Assert.Equal(written.Confidence, read.Confidence);
        Assert.Equal(written.Identities.Select(i => i.Id), read.Identities.Select(i => i.Id));
        Assert.Equal(created.Identities.Select(i => i.Id).Order(), read.Identities.Select(i => i.Id).Order());
        Assert.Null(withNewPhone);
        Assert.Null(withMissingName);
    }

    [Fact]
    public async Task A_resolve_of_a_person_unchanged_for_longer_than_the_window_leaves_no_dedupe_record_and_a_recent_one_is_replayed()
    {
        var first = await Client.PostAsJsonAsync("/api/person/resolve", new { email = "ada@example.com" });
        var repeat = await Client.PostAsJsonAsync("/api/person/resolve", new { email = "ada@example.com" });
        Assert.True(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());

        // The person last changed two minutes ago: no identical request inside the window can have written it.
        await AgeAsync(TimeSpan.FromMinutes(2));
        var keysBefore = await DedupeKeysAsync();
        var old = await Client.PostAsJsonAsync("/api/person/resolve", new { email = " Ada@Example.com" });
        var oldResult = await old.Content.ReadFromJsonAsync<PersonResolutionResult>();

        Assert.False(old.Headers.Contains("Idempotent-Replayed"));
        Assert.False(oldResult!.Created);
        Assert.Equal(["email"], oldResult.MatchedOn);
        Assert.Equal(keysBefore, await DedupeKeysAsync());

        // A resolve that writes (attaches a phone) claims first, so its repeat is replayed.
        var attach = await Client.PostAsJsonAsync("/api/person/resolve", new { email = "ada@example.com", phone = "+14155550132" });
        var attachRepeat = await Client.PostAsJsonAsync("/api/person/resolve", new { email = "ada@example.com", phone = "+14155550132" });
        Assert.Equal(keysBefore + 1, await DedupeKeysAsync());
        Assert.True(attachRepeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await attach.Content.ReadAsStringAsync(), await attachRepeat.Content.ReadAsStringAsync());
    }

    private async Task AgeAsync(TimeSpan age)
    {
        await using var connection = new NpgsqlConnection(Servers.DatabaseConnectionString);
        await connection.OpenAsync();
        var interval = $"interval '{(int)age.TotalSeconds} seconds'";
        await using var command = new NpgsqlCommand(
            $"UPDATE persons SET updated_at = updated_at - {interval}; UPDATE identities SET updated_at = updated_at - {interval}, created_at = created_at - {interval}",
            connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<int> DedupeKeysAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Servers.Redis.ConnectionString);
        var count = 0;
        await foreach (var _ in redis.GetServer($"127.0.0.1:{Servers.Redis.Port}").KeysAsync(pattern: "loopdrive:dedupe:*"))
            count++;
        return count;
    }
}
