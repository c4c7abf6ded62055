using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LoopDrive.FunctionalTests.Ops;

/// <summary>
/// An in-memory OpenTelemetry exporter for every span of the process (the API and worker hosts of
/// a test share it) and a logger provider that keeps every log record with its structured state.
/// </summary>
internal sealed class TelemetryCollector : IDisposable
{
    private readonly TracerProvider _tracing;

    public TelemetryCollector()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Microsoft.AspNetCore", "System.Net.Http", "LoopDrive.*")
            .AddProcessor(new SimpleActivityExportProcessor(new SpanExporter(Spans)))
            .Build();
    }

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public LogCollector Logs { get; } = new();

    public void Dispose() => _tracing.Dispose();

    /// <summary>Every text a span or log record would export: names, attribute values, events, messages, state, exceptions.</summary>
    public IEnumerable<(string Where, string Text)> ExportedTexts()
    {
        foreach (var span in Spans)
        {
            var where = $"span '{span.DisplayName}'";
            yield return (where, span.DisplayName);
            if (span.StatusDescription is { } status) yield return (where + " status", status);
            foreach (var tag in span.TagObjects) yield return ($"{where} attribute {tag.Key}", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            foreach (var e in span.Events)
            {
                yield return ($"{where} event", e.Name);
                foreach (var tag in e.Tags) yield return ($"{where} event {e.Name} {tag.Key}", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
            foreach (var baggage in span.Baggage) yield return ($"{where} baggage {baggage.Key}", baggage.Value ?? "");
        }

        foreach (var record in Logs.Records)
        {
            var where = $"log {record.Category}";
            yield return (where, record.Message);
            foreach (var (key, value) in record.State) yield return ($"{where} state {key}", value);
            if (record.Exception is { } ex) yield return ($"{where} exception", ex);
        }
    }

    private sealed class SpanExporter(ConcurrentQueue<Activity> spans) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch) spans.Enqueue(span);
            return ExportResult.Success;
        }
    }
}

internal sealed record LogRecordCopy(string Category, LogLevel Level, string Message, IReadOnlyList<(string Key, string Value)> State, string? Exception);

/// <summary>Keeps every record at every level; added to the hosts as one more logger provider.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<LogRecordCopy> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collecting(categoryName, Records);

    public void Dispose()
    {
        // Records stay readable after the hosts stop; there is nothing to release.
    }

    private sealed class Collecting(string category, ConcurrentQueue<LogRecordCopy> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => (p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")).ToList()
                : [];
            records.Enqueue(new LogRecordCopy(category, logLevel, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
