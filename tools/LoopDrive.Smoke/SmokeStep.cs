using System.Diagnostics;

namespace LoopDrive.Smoke;

/// <summary>A step that failed: what was expected and what the deployment answered instead.</summary>
internal sealed class SmokeFailure(string message) : Exception(message);

/// <summary>Runs named steps in order, prints each outcome and stops at the first failure.</summary>
internal sealed class SmokeRun(TextWriter output)
{
    private int _number;

    public int Total { get; init; }

    public async Task<T> StepAsync<T>(string name, Func<Task<(T Value, string Detail)>> step)
    {
        _number++;
        output.Write($"[{_number}/{Total}] {name} ... ");
        var timer = Stopwatch.StartNew();
        var (value, detail) = await step();
        output.WriteLine($"ok ({timer.ElapsedMilliseconds} ms) {detail}");
        return value;
    }

    /// <summary>Polls until <paramref name="done"/> accepts a result, or fails with the last one seen.</summary>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> read, Func<T, bool> done, TimeSpan deadline, Func<T?, string> describeTimeout, Func<T, string?>? failsWith = null)
    {
        var giveUpAt = DateTime.UtcNow + deadline;
        T? last = default;
        while (DateTime.UtcNow < giveUpAt)
        {
            last = await read();
            if (done(last)) return last;
            if (failsWith?.Invoke(last) is { } failure) throw new SmokeFailure(failure);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new SmokeFailure(describeTimeout(last));
    }
}
