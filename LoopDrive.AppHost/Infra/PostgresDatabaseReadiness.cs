using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace LoopDrive.AppHost.Infra;

/// <summary>
/// Healthy once the server accepts the password and the application database exists; creates the
/// database on the way, since a native cluster starts with only <c>postgres</c>.
/// </summary>
internal sealed class PostgresDatabaseReadiness(ReferenceExpression adminConnectionString, string databaseName) : IHealthCheck
{
    private const string DuplicateDatabase = "42P04";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await adminConnectionString.GetValueAsync(cancellationToken);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);

            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.AddWithValue(databaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                // CREATE DATABASE takes no parameters; the name is a constant identifier of ours.
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
        catch (PostgresException ex) when (ex.SqlState == DuplicateDatabase)
        {
            // Another check created it between our look and our create: the goal is met.
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not ready yet.", ex);
        }
    }
}
