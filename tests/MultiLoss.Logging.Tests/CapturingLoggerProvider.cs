using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace MultiLoss.Logging.Tests;

/// <summary>One captured log entry: its level, event id, formatted message and structured properties (copied when logged).</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> Properties)
{
    public object? this[string name]
    {
        get
        {
            foreach (var (key, value) in Properties)
            {
                if (key == name) return value;
            }
            throw new KeyNotFoundException(name);
        }
    }
}

/// <summary>A logger provider that keeps every entry at or above <see cref="MinimumLevel"/>, as a structured logger would see it.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;

    public List<LogEntry> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var properties = state is IEnumerable<KeyValuePair<string, object?>> structured
                ? new List<KeyValuePair<string, object?>>(structured)
                : [];
            provider.Entries.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), properties));
        }
    }
}
