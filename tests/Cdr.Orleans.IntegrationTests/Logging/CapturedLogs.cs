using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Tests.Logging;

/// <summary>A logger provider that keeps every line it is given (message and exception), for tests that read what a run logged.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Capture(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (lines)
        {
            lines.Add(line);
        }
    }

    private sealed class Capture(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception}");
    }
}
