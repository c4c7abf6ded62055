using System.Security.Claims;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NoteContract = LoopDrive.Contracts.People.Note;
using NoteEntity = LoopDrive.Core.People.Note;
using ObjectiveContract = LoopDrive.Contracts.People.Objective;
using ObjectiveEntity = LoopDrive.Core.People.Objective;

namespace LoopDrive.Api.People;

internal static partial class PersonApi
{
    private static void MapNotes(RouteGroupBuilder person)
    {
        person.MapGet("/{id}/notes", ListNotes).WithName("ListNotes");
        person.MapPost("/{id}/notes", AddNote).WithKeylessDedupe().WithName("AddNote");
    }

    private static void MapObjectives(RouteGroupBuilder person)
    {
        person.MapGet("/{id}/objectives", ListObjectives).WithName("ListObjectives");
        person.MapPost("/{id}/objectives", AddObjective).WithName("AddObjective");
        person.MapPatch("/{id}/objectives/{objectiveId}", UpdateObjective).WithName("UpdateObjective");
    }

    public static async Task<Results<Ok<NoteContract[]>, ProblemHttpResult>> ListNotes(
        string id, FindPerson find, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");
        var notes = await db.Notes.AsNoTracking().Where(n => n.PersonId == person.Id)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(notes.Select(n => n.ToContract()).ToArray());
    }

    /// <summary>The author is the calling key, never a field of the body.</summary>
    public static async Task<Results<Created<NoteContract>, ValidationProblem, ProblemHttpResult>> AddNote(
        string id, NoteCreate body, ClaimsPrincipal user, FindPerson find, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("content", body.Content, 20_000);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person || person.ErasedAt is not null)
            return Problems.NotFound("person");
        var note = new NoteEntity
        {
            Id = Ids.New(IdPrefixes.Note, clock),
            WorkspaceId = person.WorkspaceId,
            PersonId = person.Id,
            Content = body.Content!,
            AuthorId = user.ApiKeyId(),
            Metadata = JsonText.From(body.Metadata),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Notes.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/person/{person.Id}/notes", note.ToContract());
    }

    public static async Task<Results<Ok<ObjectiveContract[]>, ProblemHttpResult>> ListObjectives(
        string id, FindPerson find, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");
        var objectives = await db.Objectives.AsNoTracking().Where(o => o.PersonId == person.Id)
            .OrderBy(o => o.Status == "active" ? 0 : 1).ThenByDescending(o => o.Priority).ThenByDescending(o => o.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(objectives.Select(o => o.ToContract()).ToArray());
    }

    public static async Task<Results<Created<ObjectiveContract>, ValidationProblem, ProblemHttpResult>> AddObjective(
        string id, ObjectiveCreate body, FindPerson find, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        // Objective types are a free string in compose and send; stored objectives keep to lower-case words.
        errors.Required("type", body.Type, 60);
        if (body.Type is { } type && !type.All(c => char.IsAsciiLetterLower(c) || c == '_'))
            errors.Add("type", "Lower-case letters and underscores, e.g. " + string.Join(", ", PeopleEnums.ObjectiveTypes) + ".");
        errors.JsonObject("context", body.Context);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person || person.ErasedAt is not null)
            return Problems.NotFound("person");
        var now = clock.GetUtcNow();
        var objective = new ObjectiveEntity
        {
            Id = Ids.New(IdPrefixes.Objective, clock),
            WorkspaceId = person.WorkspaceId,
            PersonId = person.Id,
            Type = body.Type!,
            Status = "active",
            Context = JsonText.From(body.Context),
            Priority = body.Priority,
            DueDate = body.DueDate,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Objectives.Add(objective);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/person/{person.Id}/objectives/{objective.Id}", objective.ToContract());
    }

    public static async Task<Results<Ok<ObjectiveContract>, ValidationProblem, ProblemHttpResult>> UpdateObjective(
        string id, string objectiveId, ObjectiveUpdate body, FindPerson find, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("status", body.Status, PeopleEnums.ObjectiveStatuses, required: false);
        errors.JsonObject("context", body.Context);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");
        var objective = await db.Objectives.FirstOrDefaultAsync(o => o.Id == objectiveId && o.PersonId == person.Id, cancellationToken);
        if (objective is null) return Problems.NotFound("objective");
        objective.Status = body.Status ?? objective.Status;
        objective.Priority = body.Priority ?? objective.Priority;
        objective.DueDate = body.DueDate ?? objective.DueDate;
        objective.Context = JsonText.From(body.Context) ?? objective.Context;
        objective.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(objective.ToContract());
    }
}
