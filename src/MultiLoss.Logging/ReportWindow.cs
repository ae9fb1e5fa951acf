using System;
using MultiLoss.Runtime;

namespace MultiLoss.Logging;

/// <summary>
/// The means of every reported value over windows of <see cref="Length"/> steps. Adding a step never waits for the
/// device: the values that live there are summed there (<see cref="StepValueSums"/>), the others on the host; the
/// device sums are read once, when a window ends. (An evaluation's report is read on the host when added: its buffer
/// is not the steps'.) A value's mean is over the steps that reported it (not NaN): a loss
/// switched off by a closed gate or another phase is left out of its mean, a flag's mean is the fraction of steps in
/// which it was set, and a value not reported in any step of a window is NaN.
/// </summary>
public sealed class ReportWindow : IDisposable
{
    private ReportLayout? layout;
    private Type? reportType;
    private bool evaluations;
    private ReportValues? means;
    private StepValueSums? deviceSums;
    private double[] hostSums = [];
    private long[] hostCounts = [];
    private long firstStep;
    private long lastStep;
    private int stepsSoFar;
    private bool disposed;

    /// <summary>Windows of <paramref name="length"/> steps.</summary>
    public ReportWindow(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
    }

    /// <summary>The number of steps in a window.</summary>
    public int Length { get; }

    /// <summary>The steps added to the window in progress.</summary>
    public int StepsSoFar => stepsSoFar;

    /// <summary>The means of the window that ended last (valid until the next window ends).</summary>
    /// <exception cref="InvalidOperationException">No window has ended yet.</exception>
    public ReportValues Means => means is not null && means.StepCount > 0
        ? means
        : throw new InvalidOperationException("No window has ended yet.");

    /// <summary>Adds one step; returns true when it ended a window, whose means are then in <see cref="Means"/>.</summary>
    /// <exception cref="InvalidOperationException">The report is stale (its trainer has stepped since), or of another type than the first.</exception>
    public bool Add<TReport>(TReport report) where TReport : ITrainingReport
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var current = layout ?? Start(report);
        ReportTypes.Require(report, reportType!, evaluations);

        var step = report.StepNumber;
        var deviceValues = report.DeviceValues;
        // A step's result holds the step its buffer was written for: its values are summed on the device. Any other
        // report (an evaluation, whose buffer counts evaluations, or a result the trainer has stepped past) is read
        // through GetValue, which knows its own buffer's step: one device read, and a stale result throws.
        var firstOnHost = 0;
        if (!report.IsEvaluation && step == deviceValues.Step)
        {
            deviceSums!.Add(deviceValues, step);
            firstOnHost = current.DeviceValueCount;
        }
        for (var i = firstOnHost; i < current.Count; i++)
        {
            var value = report.GetValue(i);
            if (double.IsNaN(value)) continue;
            hostSums[i] += value;
            hostCounts[i]++;
        }
        if (stepsSoFar == 0) firstStep = step;
        lastStep = step;
        stepsSoFar++;
        if (stepsSoFar < Length) return false;
        End();
        return true;
    }

    /// <summary>Ends the window in progress early (e.g. at the end of training); returns false when it holds no step.</summary>
    public bool EndEarly()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (stepsSoFar == 0) return false;
        End();
        return true;
    }

    private ReportLayout Start<TReport>(TReport report) where TReport : ITrainingReport
    {
        var started = report.Layout;
        reportType = typeof(TReport);
        evaluations = report.IsEvaluation;
        deviceSums = new StepValueSums(started.DeviceValueCount);
        hostSums = new double[started.Count];
        hostCounts = new long[started.Count];
        means = new ReportValues(started);
        layout = started;
        return started;
    }

    private void End()
    {
        var values = means!.WritableValues;
        var counts = means.WritableCounts;
        var deviceCount = layout!.DeviceValueCount;
        deviceSums!.ReadAndReset(values[..deviceCount], counts[..deviceCount]);
        for (var i = deviceCount; i < values.Length; i++)
        {
            values[i] = 0;
            counts[i] = 0;
        }
        for (var i = 0; i < values.Length; i++)
        {
            values[i] += hostSums[i];
            counts[i] += hostCounts[i];
        }
        for (var i = 0; i < values.Length; i++) values[i] = counts[i] == 0 ? double.NaN : values[i] / counts[i];
        Array.Clear(hostSums);
        Array.Clear(hostCounts);
        means.SetSteps(firstStep, lastStep, stepsSoFar);
        stepsSoFar = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        deviceSums?.Dispose();
    }
}
