using LoopDrive.Api.Idempotency;
using LoopDrive.Contracts.People;
using LoopDrive.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MemoryContract = LoopDrive.Contracts.People.Memory;

namespace LoopDrive.Api.People;

internal static partial class PersonApi
{
    private const int MaxMemoryText = 8_000;

    private static void MapMemory(RouteGroupBuilder person)
    {
        person.MapGet("/{id}/memory", ListMemory).WithName("ListMemory");
        person.MapPost("/{id}/memory", AddMemory).WithKeylessDedupe().WithName("AddMemory");
    }

    public static async Task<Results<Ok<MemoryContract[]>, ValidationProblem, ProblemHttpResult>> ListMemory(
        string id, [FromQuery] string[]? kinds, int? limit, double? minConfidence, string? query,
        FindPerson find, QueryMemory queryMemory, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        foreach (var kind in kinds ?? []) errors.OneOf("kinds", kind, PeopleEnums.MemoryKinds);
        errors.Between("minConfidence", minConfidence, 0, 1);
        if (query is { Length: > 2_000 }) errors.Add("query", "At most 2000 characters.");
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");

        var ranked = await queryMemory.HandleAsync(person.Id,
            new QueryMemory.Request(kinds, Paging.Limit(limit), minConfidence, query), cancellationToken);
        return TypedResults.Ok(ranked.Select(r => r.Memory.ToContract(r.Relevance)).ToArray());
    }

    public static async Task<Results<Created<MemoryContract>, ValidationProblem, ProblemHttpResult>> AddMemory(
        string id, MemoryCreate body, FindPerson find, AddMemory addMemory, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("kind", body.Kind, PeopleEnums.MemoryKinds);
        errors.Required("text", body.Text, MaxMemoryText);
        errors.Between("confidence", body.Confidence, 0, 1);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person || person.ErasedAt is not null)
            return Problems.NotFound("person");

        var memory = await addMemory.HandleAsync(person, new AddMemory.Request(
            body.Kind!, body.Text!.Trim(), body.Confidence, JsonText.From(body.Metadata), body.SourceEventId, body.ExpiresAt, body.UsableInCopy), cancellationToken);
        return TypedResults.Created($"/api/person/{person.Id}/memory", memory.ToContract());
    }
}
