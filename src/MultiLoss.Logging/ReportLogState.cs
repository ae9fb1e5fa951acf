using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MultiLoss.Logging;

/// <summary>
/// The state of one log entry of <see cref="LoggerReportSink"/>: <c>StepNumber</c> (the last step), <c>FirstStepNumber</c>,
/// <c>StepCount</c>, then every reported value under its own name (a window: its mean; NaN when not reported). A copy,
/// so a logger that keeps the state sees the values of its entry.
/// </summary>
public sealed class ReportLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const int Leading = 3;
    private readonly IReadOnlyList<string> names;
    private readonly double[] values;

    internal ReportLogState(ReportValues source)
    {
        names = source.Layout.Names;
        values = source.Values.ToArray();
        StepNumber = source.LastStep;
        FirstStepNumber = source.FirstStep;
        StepCount = source.StepCount;
    }

    /// <summary>The step of the values (a window: its last step).</summary>
    public long StepNumber { get; }

    /// <summary>The first step of the window (a single step: the step itself).</summary>
    public long FirstStepNumber { get; }

    /// <summary>The number of steps the values cover.</summary>
    public int StepCount { get; }

    /// <inheritdoc />
    public int Count => Leading + values.Length;

    /// <inheritdoc />
    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("StepNumber", StepNumber),
        1 => new("FirstStepNumber", FirstStepNumber),
        2 => new("StepCount", StepCount),
        _ when index >= Leading && index < Count => new(names[index - Leading], values[index - Leading]),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// <c>step 12: Classification=0.41 Parity=NaN Total=0.41 ParityGateOpen=0</c>, or for a window
    /// <c>steps 1-50 (mean of 50): Classification=0.52 ...</c>; invariant culture.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (StepCount == 1) text.Append(CultureInfo.InvariantCulture, $"step {StepNumber}:");
        else text.Append(CultureInfo.InvariantCulture, $"steps {FirstStepNumber}-{StepNumber} (mean of {StepCount}):");
        for (var i = 0; i < values.Length; i++) text.Append(CultureInfo.InvariantCulture, $" {names[i]}={values[i]:G6}");
        return text.ToString();
    }

    /// <summary>The formatter a logger is given: <see cref="ToString"/>.</summary>
    public static string Format(ReportLogState state, Exception? exception) => state.ToString();
}
