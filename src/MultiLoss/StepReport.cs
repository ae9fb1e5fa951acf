using System;
using MultiLoss.Runtime;

namespace MultiLoss;

/// <summary>
/// What one step or evaluation of a trainer reported: a view of the trainer's <see cref="StepValues"/> at that step.
/// A generated <c>StepResult</c> wraps one and names its values. Values are copied from
/// the device when first read; read them before the trainer's next step (or evaluation): a stale read throws.
/// </summary>
public readonly struct StepReport : ITrainingReport
{
    private readonly StepValues? values;
    private readonly long step;

    internal StepReport(StepValues values, long step, long stepNumber, bool isEvaluation)
    {
        this.values = values;
        this.step = step;
        StepNumber = stepNumber;
        IsEvaluation = isEvaluation;
    }

    /// <summary>The number of the step, counting from 1; for an evaluation, the steps the trainer had taken.</summary>
    public long StepNumber { get; }

    /// <summary>True for what an evaluation computed, false for what a step reported.</summary>
    public bool IsEvaluation { get; }

    /// <inheritdoc />
    public ReportLayout Layout => Values.Layout;

    /// <inheritdoc />
    public StepValues DeviceValues => Values;

    /// <inheritdoc />
    public double GetValue(int index) => Read(index, Values.Layout.Count, "value");

    /// <summary>Value <paramref name="index"/> of a gate or a flag: true when it is 1.</summary>
    public bool GetFlag(int index) => GetValue(index) == 1.0;

    /// <summary>The unweighted value of loss <paramref name="index"/>, in <see cref="ReportLayout.LossNames"/> order.</summary>
    public double GetLoss(int index) => Read(index, Values.Layout.LossCount, "loss");

    /// <summary>The values as one line, e.g. for a log (reads them, so it syncs with the device).</summary>
    public override string ToString() => values is null ? "(no step)" : values.Layout.Format(this);

    private double Read(int index, int count, string what)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A {what} index is between 0 and {count - 1}.");
        }
        return Values.Read(index, step);
    }

    private StepValues Values => values ?? throw new InvalidOperationException("This result was not returned by a step or an evaluation.");
}
