using System.Text.Json;
using System.Text.Json.Nodes;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Ops;

/// <summary>
/// docs/openapi.json is the published contract clients are generated from; it must match what the
/// API serves. <c>./loopdrive openapi</c> rewrites it (this test with LOOPDRIVE_WRITE_OPENAPI=1).
/// </summary>
public sealed class OpenApiDocumentTests(TestServers servers) : ApiTest(servers)
{
    private const string Regenerate = "./loopdrive openapi";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task The_checked_in_document_matches_the_running_api()
    {
        var served = Normalize(await ClientWithKey(null).GetStringAsync("/openapi/v1.json"));
        var file = Path.Combine(RepositoryRoot(), "docs", "openapi.json");

        if (Environment.GetEnvironmentVariable("LOOPDRIVE_WRITE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, served + "\n");
        }

        Assert.True(File.Exists(file), $"docs/openapi.json is missing; generate it with: {Regenerate}");
        var checkedIn = Normalize(await File.ReadAllTextAsync(file));
        if (checkedIn != served)
        {
            Assert.Fail($"docs/openapi.json differs from the running API ({Describe(checkedIn, served)}); regenerate it with: {Regenerate}");
        }
    }

    /// <summary>Servers name wherever the document was fetched from, so they are not part of the contract.</summary>
    private static string Normalize(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("servers");
        return document.ToJsonString(Indented).ReplaceLineEndings("\n");
    }

    private static string Describe(string checkedIn, string served)
    {
        var paths = (string doc) => JsonNode.Parse(doc)!["paths"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var before = paths(checkedIn);
        var now = paths(served);
        var added = now.Except(before).Order().ToList();
        var removed = before.Except(now).Order().ToList();
        return added.Count + removed.Count == 0
            ? "same paths, different operations or schemas"
            : $"new paths: [{string.Join(", ", added)}], gone: [{string.Join(", ", removed)}]";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoopDrive.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No LoopDrive.sln above {AppContext.BaseDirectory}.");
    }
}
