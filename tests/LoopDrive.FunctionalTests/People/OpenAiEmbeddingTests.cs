using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Contracts.People;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Voice;
using LoopDrive.Infrastructure.Ai;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.People;

public sealed class OpenAiEmbeddingTests(TestServers servers) : ApiTest(servers)
{
    private static readonly float[] RecordedVector = [0.12f, -0.4f, 0.33f, 0.05f, -0.21f, 0.7f, 0.01f, -0.09f];

    /// <summary>An embeddings answer as the API sends it when the SDK asks for base64 floats (its default).</summary>
    private static string RecordedResponse(string model)
    {
        var bytes = new byte[RecordedVector.Length * sizeof(float)];
        Buffer.BlockCopy(RecordedVector, 0, bytes, 0, bytes.Length);
        return $$"""
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":"{{Convert.ToBase64String(bytes)}}"}],
             "model":"{{model}}","usage":{"prompt_tokens":7,"total_tokens":7}
            }
            """;
    }

    [Fact]
    public async Task With_openai_configured_memories_are_embedded_by_it_and_carry_its_model_id()
    {
        const string model = "text-embedding-3-small";
        var handler = new RecordedOpenAiHandler(RecordedResponse(model));
        var (_, key) = await CreateWorkspaceAsync("openai");
        var client = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddEmbeddingGenerator(OpenAiEmbeddings.Create(new OpenAiOptions { ApiKey = "sk-test" }, model, new HttpClient(handler)))))
            .CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var person = (await (await client.PostAsJsonAsync("/api/person/resolve", new { email = "ada@example.com" }))
            .Content.ReadFromJsonAsync<PersonResolutionResult>())!.Person.Id;
        var created = await client.PostAsJsonAsync($"/api/person/{person}/memory", new MemoryCreate("intent", "Asked about annual pricing", 0.9));
        var memory = await created.Content.ReadFromJsonAsync<Memory>();
        var ranked = await client.GetFromJsonAsync<Memory[]>($"/api/person/{person}/memory?query=pricing");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(model, memory!.ModelId);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.EndsWith("/embeddings", r.Uri.AbsolutePath));
        using var first = JsonDocument.Parse(handler.Requests[0].Body);
        Assert.Equal(model, first.RootElement.GetProperty("model").GetString());
        Assert.Contains("Asked about annual pricing", first.RootElement.GetProperty("input").ToString());
        var hit = Assert.Single(ranked!);
        Assert.Equal(memory.Id, hit.Id);
        Assert.Equal(1.0, hit.Relevance!.Value, 4);
    }
}
