using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MoveCenter.Application.Tests.Support;

/// <summary>Keeps the engine's recent log lines so that a failed wait can show what the engine was doing.</summary>
public sealed class RecentLog : ILoggerProvider
{
    private const int Capacity = 200;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<string> Lines => [.. _lines];

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity) _lines.TryDequeue(out _);
    }

    private sealed class Logger(RecentLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Warning || (logLevel >= LogLevel.Information && category.StartsWith("MoveCenter", StringComparison.Ordinal));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {shortCategory}: {formatter(state, exception)}"
                + (exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]"));
        }
    }
}
