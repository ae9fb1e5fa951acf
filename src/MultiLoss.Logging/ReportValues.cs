using System;

namespace MultiLoss.Logging;

/// <summary>
/// What the sinks are given: one step's values, or the means of a window of steps. Each value comes with the number of
/// steps it was reported in (not NaN): 1 or 0 for a single step; for a window, the mean is taken over those steps only,
/// and a value never reported in the window is NaN with a count of 0. The object is reused: a sink that keeps values
/// copies them.
/// </summary>
public sealed class ReportValues
{
    private readonly double[] values;
    private readonly long[] counts;

    internal ReportValues(ReportLayout layout)
    {
        Layout = layout;
        values = new double[layout.Count];
        counts = new long[layout.Count];
    }

    /// <summary>The names and kinds of the values.</summary>
    public ReportLayout Layout { get; }

    /// <summary>The first step of the window (for a single step, that step).</summary>
    public long FirstStep { get; private set; }

    /// <summary>The last step of the window (for a single step, that step); TensorBoard plots the values at this step.</summary>
    public long LastStep { get; private set; }

    /// <summary>How many steps the values cover: 1 for a single step.</summary>
    public int StepCount { get; private set; }

    /// <summary>Each value (a window: its mean), in <see cref="Layout"/> order.</summary>
    public ReadOnlySpan<double> Values => values;

    /// <summary>In how many of the <see cref="StepCount"/> steps each value was reported (not NaN).</summary>
    public ReadOnlySpan<long> Counts => counts;

    internal Span<double> WritableValues => values;

    internal Span<long> WritableCounts => counts;

    internal void SetSteps(long firstStep, long lastStep, int stepCount)
    {
        FirstStep = firstStep;
        LastStep = lastStep;
        StepCount = stepCount;
    }

    /// <summary>Reads every value of one step (the first read copies the step's device values to the host).</summary>
    internal void ReadStep<TReport>(TReport report) where TReport : ITrainingReport
    {
        for (var i = 0; i < values.Length; i++)
        {
            var value = report.GetValue(i);
            values[i] = value;
            counts[i] = double.IsNaN(value) ? 0 : 1;
        }
        SetSteps(report.StepNumber, report.StepNumber, 1);
    }
}
