using System;
using Microsoft.Extensions.Logging;

namespace MultiLoss.Logging;

/// <summary>
/// Writes each step's values or window's means as one <see cref="ILogger"/> entry whose state is a
/// <see cref="ReportLogState"/>: structured (every value under its own name) for a logger that keeps properties, one
/// line of text for one that formats. While the logger has <see cref="Level"/> off, nothing is read or written.
/// </summary>
public sealed class LoggerReportSink : IReportSink
{
    private readonly ILogger logger;
    private bool disposed;

    /// <summary>Logs to <paramref name="logger"/>, which stays the caller's.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="level">The level of the entries.</param>
    /// <param name="eventId">The event id of the entries.</param>
    public LoggerReportSink(ILogger logger, LogLevel level = LogLevel.Information, EventId eventId = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        this.logger = logger;
        Level = level;
        EventId = eventId;
    }

    /// <summary>The level of the entries.</summary>
    public LogLevel Level { get; }

    /// <summary>The event id of the entries.</summary>
    public EventId EventId { get; }

    /// <inheritdoc />
    public bool IsEnabled => !disposed && logger.IsEnabled(Level);

    /// <inheritdoc />
    public void Write(ReportValues values)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(values);
        logger.Log(Level, EventId, new ReportLogState(values), null, ReportLogState.Format);
    }

    /// <summary>Stops writing; the logger stays the caller's.</summary>
    public void Dispose() => disposed = true;
}
