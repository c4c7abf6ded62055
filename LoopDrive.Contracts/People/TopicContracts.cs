namespace LoopDrive.Contracts.People;

/// <summary><c>weight</c> is the stored weight decayed by time since <c>lastSeen</c> (half-life documented in the README).</summary>
public sealed record Topic(
    string Id,
    string PersonId,
    string Name,
    double Weight,
    string? Category,
    string Source,
    DateTimeOffset? LastSeen,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record TopicUpsert(string? Topic, double? Weight, string? Category = null);
