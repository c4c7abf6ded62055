using LoopDrive.Contracts.Budget;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Budget.Lifecycle;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Budget;

/// <summary>Consumes <c>budget.execute</c>: reserves each executing allocation's envelopes inside the batch's transaction.</summary>
public sealed class BudgetExecuteConsumer(ReserveAllocation reserve) : IStreamBatchHandler<ExecuteAllocationMessage>
{
    public static string Stream => StreamNames.BudgetExecute;

    public async Task HandleBatchAsync(IReadOnlyList<StreamMessage<ExecuteAllocationMessage>> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
            await reserve.HandleAsync(message.Message, cancellationToken);
    }
}
