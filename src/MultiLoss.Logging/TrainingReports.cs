using System;
using System.Collections.Generic;

namespace MultiLoss.Logging;

/// <summary>
/// Writes what a trainer's steps report to sinks (<see cref="TensorBoardReportSink"/>, <see cref="LoggerReportSink"/>):
/// every step's values, or every <c>N</c> steps the means over those steps (<see cref="ReportWindow"/>: summed on the
/// device, one device read per window). Owns the sinks: disposing it writes an unfinished window, then disposes them.
/// </summary>
/// <example>
/// <code>
/// using var reports = new TrainingReports(everySteps: 50, new TensorBoardReportSink("runs/a"), new LoggerReportSink(logger));
/// for (...) reports.Add(trainer.Step(x, y));
/// </code>
/// </example>
public sealed class TrainingReports : IDisposable
{
    private readonly IReportSink[] sinks;
    private readonly ReportWindow? window;
    private ReportLayout? layout;
    private Type? reportType;
    private bool evaluations;
    private ReportValues? stepValues;
    private bool disposed;

    /// <param name="everySteps">1: each step's values; N &gt; 1: the means of each window of N steps.</param>
    /// <param name="sinks">Where to write; disposed with this object.</param>
    public TrainingReports(int everySteps, params IReportSink[] sinks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everySteps, 1);
        ArgumentNullException.ThrowIfNull(sinks);
        foreach (var sink in sinks) ArgumentNullException.ThrowIfNull(sink, nameof(sinks));
        EverySteps = everySteps;
        this.sinks = sinks;
        if (everySteps > 1) window = new ReportWindow(everySteps);
    }

    /// <summary>1 for every step's values, otherwise the length of a window.</summary>
    public int EverySteps { get; }

    /// <summary>The sinks, in the order they are written to.</summary>
    public IReadOnlyList<IReportSink> Sinks => sinks;

    /// <summary>
    /// Adds one step's report. Per step, its values are read (one device-to-host copy on a GPU) and written, unless no
    /// sink is enabled; per window, it is summed without a device read, and the means are written when the window ends.
    /// </summary>
    public void Add<TReport>(TReport report) where TReport : ITrainingReport
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (window is not null)
        {
            if (window.Add(report)) WriteToEnabledSinks(window.Means);
            return;
        }
        if (!AnySinkEnabled()) return;
        if (layout is null)
        {
            layout = report.Layout;
            reportType = typeof(TReport);
            evaluations = report.IsEvaluation;
        }
        ReportTypes.Require(report, reportType!, evaluations);
        stepValues ??= new ReportValues(layout);
        stepValues.ReadStep(report);
        WriteToEnabledSinks(stepValues);
    }

    /// <summary>Writes the steps of an unfinished window as a shorter window (nothing per step, or when it is empty).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (window is not null && window.EndEarly()) WriteToEnabledSinks(window.Means);
    }

    private bool AnySinkEnabled()
    {
        foreach (var sink in sinks)
        {
            if (sink.IsEnabled) return true;
        }
        return false;
    }

    private void WriteToEnabledSinks(ReportValues values)
    {
        foreach (var sink in sinks)
        {
            if (sink.IsEnabled) sink.Write(values);
        }
    }

    /// <summary>Writes an unfinished window, then disposes the window and every sink (each once, even if one throws).</summary>
    public void Dispose()
    {
        if (disposed) return;
        try
        {
            Flush();
        }
        finally
        {
            disposed = true;
            window?.Dispose();
            List<Exception>? failures = null;
            foreach (var sink in sinks)
            {
                try
                {
                    sink.Dispose();
                }
                catch (Exception ex)
                {
                    (failures ??= []).Add(ex);
                }
            }
            if (failures is not null) throw new AggregateException("A report sink failed to dispose.", failures);
        }
    }
}
