using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LoopDrive.AppHost.Infra;

/// <summary>Healthy once Redis answers PING on its endpoint.</summary>
internal sealed class RedisReadiness(EndpointReference endpoint) : IHealthCheck
{
    private static readonly byte[] Ping = Encoding.ASCII.GetBytes("PING\r\n");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync(Ping, cancellationToken);

            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Redis answered '{reply.Trim()}' to PING.");
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy("Redis is not accepting connections yet.", ex);
        }
        catch (IOException ex)
        {
            return HealthCheckResult.Unhealthy("Redis closed the connection.", ex);
        }
    }
}
