namespace LoopDrive.Web.Tests.Support;

public static class RepositoryRoot
{
    /// <summary>The folder holding LoopDrive.sln, found by walking up from the test binaries.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoopDrive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No LoopDrive.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary><c>artifacts/screenshots</c> under the repository root (git-ignored), created if missing.</summary>
    public static string ScreenshotsDirectory() =>
        Directory.CreateDirectory(Path.Combine(Find(), "artifacts", "screenshots")).FullName;
}
