namespace LoopDrive.AppHost.Infra;

/// <summary>
/// The generated PostgreSQL superuser password, persisted in the state folder: a data folder
/// outlives the process, so a fresh password every run would lock us out of our own cluster.
/// <c>./loopdrive keys</c> reads the same file.
/// </summary>
internal static class PostgresPassword
{
    public const string FileName = "postgres-password";
    public const string ParameterName = "postgres-password";

    public static string Read(string stateDirectory) =>
        StateDirectory.ReadOrCreateSecret(Path.Combine(stateDirectory, FileName), () => StateDirectory.RandomHex(16));
}
