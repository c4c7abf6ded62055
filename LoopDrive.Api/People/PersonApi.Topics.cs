using LoopDrive.Contracts.People;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TopicContract = LoopDrive.Contracts.People.Topic;
using TopicEntity = LoopDrive.Core.People.Topic;

namespace LoopDrive.Api.People;

internal static partial class PersonApi
{
    private static void MapTopics(RouteGroupBuilder person)
    {
        person.MapGet("/{id}/topics", ListTopics).WithName("ListTopics");
        person.MapPost("/{id}/topics", UpsertTopic).WithName("UpsertTopic");
    }

    /// <summary>Strongest first, by weight decayed since the topic was last seen.</summary>
    public static async Task<Results<Ok<TopicContract[]>, ProblemHttpResult>> ListTopics(
        string id, FindPerson find, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await find.HandleAsync(id, cancellationToken) is not { } person) return Problems.NotFound("person");
        var now = clock.GetUtcNow();
        var topics = await db.Topics.AsNoTracking().Where(t => t.PersonId == person.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(topics.Select(t => t.ToContract(now)).OrderByDescending(t => t.Weight).ThenBy(t => t.Name, StringComparer.Ordinal).ToArray());
    }

    public static async Task<Results<Ok<TopicContract>, ValidationProblem, ProblemHttpResult>> UpsertTopic(
        string id, TopicUpsert body, FindPerson find, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("topic", body.Topic, 120);
        errors.Between("weight", body.Weight, 0, 1, required: true);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (await find.HandleAsync(id, cancellationToken) is not { } person || person.ErasedAt is not null)
            return Problems.NotFound("person");

        var now = clock.GetUtcNow();
        var name = body.Topic!.Trim().ToLowerInvariant();
        var saved = await UniqueViolations.RetryAsync(db, async () =>
        {
            var topic = await db.Topics.FirstOrDefaultAsync(t => t.PersonId == person.Id && t.Name == name, cancellationToken);
            if (topic is null)
            {
                topic = new TopicEntity
                {
                    Id = Ids.New(IdPrefixes.Topic, clock),
                    WorkspaceId = person.WorkspaceId,
                    PersonId = person.Id,
                    Name = name,
                    Source = "manual",
                    CreatedAt = now,
                };
                db.Topics.Add(topic);
            }
            topic.Weight = body.Weight!.Value;
            topic.Category = body.Category ?? topic.Category;
            topic.Source = "manual";
            topic.LastSeen = now;
            topic.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            return topic;
        });
        return TypedResults.Ok(saved.ToContract(now));
    }
}
