using System.Diagnostics;
using Npgsql;

namespace LoopDrive.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster on a free port, started from the machine's binaries for one
/// test run. Durability settings are off: a test database that dies with the run needs no fsync.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _root;
    private Process? _process;

    private PostgresServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var root = Path.Combine(Path.GetTempPath(), "loopdrive-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (NativeProcess.IsRoot)
            await NativeProcess.RunToEndAsync(NativeProcess.Command("chown", ["postgres:postgres", root], false), cancellationToken);

        var server = new PostgresServer(root, NativeProcess.FreePort());
        var data = Path.Combine(root, "data");
        await NativeProcess.RunToEndAsync(NativeProcess.Command(NativeProcess.FindBinary("initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--locale=C.UTF-8"], true), cancellationToken);
        server.Start();
        await server.WaitReadyAsync(cancellationToken);
        return server;
    }

    private void Start()
    {
        _process = NativeProcess.StartServer(NativeProcess.Command(NativeProcess.FindBinary("postgres"),
        [
            "-D", Path.Combine(_root, "data"), "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200",
        ], true));
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && _process is { HasExited: false })
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public async Task CreateDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Empties every table but the migrations history: a clean database between tests in milliseconds.</summary>
    public async Task ResetAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                tables.Add(reader.GetString(0));
        }
        if (tables.Count == 0) return;
        // TRUNCATE waits for every lock on every table: a previous test's host that is still
        // shutting down on a busy machine can hold one for longer than the default 30 s.
        await using var truncate = new NpgsqlCommand($"TRUNCATE {string.Join(", ", tables)} RESTART IDENTITY CASCADE", connection) { CommandTimeout = 180 };
        await truncate.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A folder left in the temp directory is harmless; the run's result matters more.
        }
    }
}
