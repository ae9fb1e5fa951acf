using System;
using Microsoft.Extensions.Logging;

namespace MultiLoss.Benchmarks;

/// <summary>An enabled logger that keeps nothing: what <see cref="Logging.LoggerReportSink"/> costs by itself, without a logging provider's own work.</summary>
public sealed class DiscardingLogger : ILogger
{
    /// <summary>How many entries were logged (so the entries are not optimised away).</summary>
    public long Entries { get; private set; }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries++;
}
