namespace LoopDrive.Contracts.Learning;

/// <summary>
/// <c>learning.tune</c>: an outcome event stored by intake that the loop may learn from. It names
/// the send when the provider carried it (<see cref="SendId"/>) or the provider's message id
/// (<see cref="ExternalId"/>); otherwise the loop ties it to the person's last send on the channel.
/// </summary>
public sealed record LearningOutcomeObserved(
    string EventId,
    string WorkspaceId,
    string Type,
    string PersonId,
    string? Channel,
    string? SendId,
    string? ExternalId,
    DateTimeOffset OccurredAt,
    bool MachineFlag = false,
    long? RevenueCents = null);

/// <summary>
/// <c>learning.tune</c>'s message: the outcomes that one intake transaction stored for one
/// workspace, in one stream entry. One entry per outcome cost a stream write and a consumer read
/// per event, about half of all stream traffic per send.
/// </summary>
public sealed record LearningOutcomesObserved(IReadOnlyList<LearningOutcomeObserved> Outcomes);
