using LoopDrive.Client;

namespace LoopDrive.Web.Tests.Support;

/// <summary>Real <see cref="LoopDriveClient"/>s over a <see cref="ScriptedApiHandler"/>, with backoff waits recorded instead of slept.</summary>
public static class TestClients
{
    public const string ApiKey = "ld_0123456789abcdef0123456789abcdef0123456789abcdef";

    public static LoopDriveClient Create(
        ScriptedApiHandler handler,
        Action<LoopDriveClientOptions>? configure = null,
        List<TimeSpan>? waits = null,
        TimeProvider? time = null)
    {
        var options = new LoopDriveClientOptions
        {
            BaseAddress = new Uri("http://api.test"),
            ApiKey = ApiKey,
            MaxRetries = 3,
        };
        configure?.Invoke(options);

        return new LoopDriveClient(
            new HttpClient(handler),
            options,
            logger: null,
            time ?? TimeProvider.System,
            (wait, _) =>
            {
                if (waits is not null)
                {
                    lock (waits)
                    {
                        waits.Add(wait);
                    }
                }

                return Task.CompletedTask;
            });
    }
}
