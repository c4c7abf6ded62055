namespace LoopDrive.Core.People;

/// <summary>
/// Everything a merge changed, as it was before: rows that moved are listed by id; rows that
/// were combined or removed are kept whole so undo can put them back exactly.
/// </summary>
public sealed record MergeSnapshot(
    Person Source,
    Person Target,
    IReadOnlyList<string> IdentityIds,
    IReadOnlyList<string> NoteIds,
    IReadOnlyList<string> MemoryIds,
    IReadOnlyList<string> ObjectiveIds,
    IReadOnlyList<string> EventIds,
    IReadOnlyList<string> ConsentChangeIds,
    IReadOnlyList<string> MovedTopicIds,
    IReadOnlyList<string> MovedConsentIds,
    IReadOnlyList<Topic> CombinedSourceTopics,
    IReadOnlyList<Topic> CombinedTargetTopics,
    IReadOnlyList<Consent> CombinedSourceConsents,
    IReadOnlyList<Consent> CombinedTargetConsents);
