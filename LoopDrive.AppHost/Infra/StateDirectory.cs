using System.Security.Cryptography;

namespace LoopDrive.AppHost.Infra;

/// <summary>
/// The git-ignored folder that holds local state: PostgreSQL and Redis data, the generated
/// database password and the demo API key. Tests point it at a temp folder of their own.
/// </summary>
internal static class StateDirectory
{
    public const string ConfigKey = "LoopDrive:StateDirectory";

    public static string GetStateDirectory(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ConfigKey];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "..", ".loopdrive")
            : configured);

        if (builder.ExecutionContext.IsRunMode)
        {
            Directory.CreateDirectory(path);
        }

        return path;
    }

    /// <summary>
    /// Reads a generated secret, creating it on first use. Kept across runs because data created
    /// with it (a database cluster, a seeded key) outlives the process.
    /// </summary>
    public static string ReadOrCreateSecret(string file, Func<string> generate)
    {
        if (File.Exists(file))
        {
            var existing = File.ReadAllText(file).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var value = generate();
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(file, options))
        {
            writer.Write(value + "\n");
        }

        return value;
    }

    public static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
