using LoopDrive.Contracts.Spine;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// <c>spine</c>: Degraded when Redis is unreachable, a stream lags (warning or critical) or the outbox backs up; never
/// Unhealthy, because the service still takes requests and the outbox keeps the work durable.
/// </summary>
public sealed class SpineHealthCheck(IQueueMonitor monitor, IOptions<SpineOptions> options) : IHealthCheck
{
    public const string Name = "spine";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        QueueHealth health;
        try
        {
            health = await monitor.GetHealthAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Degraded("The outbox could not be read.", ex);
        }

        var data = new Dictionary<string, object>
        {
            ["outboxBacklog"] = health.OutboxBacklog,
            ["outboxOldestAgeMs"] = health.OutboxOldestAgeMs,
        };
        if (health.Queues.Any(q => q.Status == QueueStatus.Unreachable))
            return HealthCheckResult.Degraded("Redis is unreachable; work waits in the outbox.", data: data);

        var critical = health.Queues.Where(q => q.Status == QueueStatus.Critical).Select(q => q.Stream).ToList();
        var lagging = health.Queues.Where(q => q.Status == QueueStatus.Lagging).Select(q => q.Stream).ToList();
        if (critical.Count > 0 || lagging.Count > 0)
        {
            data["critical"] = critical;
            data["lagging"] = lagging;
            var parts = new List<string>();
            if (critical.Count > 0) parts.Add($"Critical lag: {string.Join(", ", critical)}.");
            if (lagging.Count > 0) parts.Add($"Lagging streams: {string.Join(", ", lagging)}.");
            return HealthCheckResult.Degraded(string.Join(' ', parts), data: data);
        }
        if (health.OutboxOldestAgeMs > options.Value.LagThreshold.TotalMilliseconds)
            return HealthCheckResult.Degraded("The outbox relay is behind.", data: data);

        return HealthCheckResult.Healthy("Streams are flowing.", data);
    }
}
