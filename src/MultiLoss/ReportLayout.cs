using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MultiLoss;

/// <summary>
/// The values a trainer's steps (or evaluations) report, in order: each loss, <c>Total</c>, the other values of the
/// device buffer (device gates, weights learned or solved on the device, metrics), then the values known on the host (ramped
/// weights, host gates, the phase, the step's flags). The first <see cref="DeviceValueCount"/> live on the device. The
/// same for every step of a trainer type: each generated result type has one.
/// </summary>
public sealed class ReportLayout
{
    private readonly ReportValueName[] values;

    /// <summary>The layout of <paramref name="values"/>, the first <paramref name="deviceValueCount"/> of them on the device.</summary>
    /// <param name="deviceValueCount">How many of the first values the device buffer holds: at least the losses and the total.</param>
    /// <param name="values">The losses first, then <c>Total</c>, then the others.</param>
    public ReportLayout(int deviceValueCount, params ReportValueName[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        this.values = (ReportValueName[])values.Clone();
        while (LossCount < values.Length && values[LossCount].Kind == ReportValueKind.Loss) LossCount++;
        if (LossCount == 0 || LossCount == values.Length || values[LossCount].Kind != ReportValueKind.Total)
        {
            throw new ArgumentException("A report holds its losses first, then the total.", nameof(values));
        }
        if (deviceValueCount <= LossCount || deviceValueCount > values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(deviceValueCount), deviceValueCount,
                $"The device holds the {LossCount} losses and the total at least, and at most all {values.Length} values.");
        }
        DeviceValueCount = deviceValueCount;
        var names = Array.ConvertAll(this.values, value => value.Name);
        Names = names;
        LossNames = names[..LossCount];
    }

    /// <summary>The names of every value, in report order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The names of the losses, in declaration order: the first <see cref="LossCount"/> values.</summary>
    public IReadOnlyList<string> LossNames { get; }

    /// <summary>The number of values.</summary>
    public int Count => values.Length;

    /// <summary>The number of losses.</summary>
    public int LossCount { get; }

    /// <summary>How many of the first values live in the trainer's device buffer.</summary>
    public int DeviceValueCount { get; }

    /// <summary>Value <paramref name="index"/>'s name, kind and subject.</summary>
    public ReportValueName this[int index] => values[index];

    /// <summary>
    /// The report as one line, e.g. <c>step 3: Parity=0.693147 Magnitude=0.25 Total=0.818147 Phase=2 MagnitudeGate=open</c>,
    /// the metrics after the total (<c>Total=0.818147 Accuracy=0.75</c>) (an evaluation's starts <c>evaluation after step 3:</c>); culture-invariant. Reads the values.
    /// </summary>
    public string Format(StepReport report)
    {
        var text = new StringBuilder(report.IsEvaluation ? "evaluation after step " : "step ");
        text.Append(report.StepNumber.ToString(CultureInfo.InvariantCulture)).Append(':');
        for (var i = 0; i < values.Length; i++)
        {
            if (i <= LossCount || values[i].Kind == ReportValueKind.Metric) Append(text, values[i].Name, report.GetValue(i));
        }
        if (IndexOf(ReportValueKind.Phase, subject: null) is >= 0 and var phase) text.Append(" Phase=").Append(((int)report.GetValue(phase)).ToString(CultureInfo.InvariantCulture));
        if (IndexOf(ReportValueKind.Skipped, subject: null) is >= 0 and var skipped && report.GetFlag(skipped)) text.Append(" (skipped)");
        if (IndexOf(ReportValueKind.FellBack, subject: null) is >= 0 and var fellBack && report.GetFlag(fellBack)) text.Append(" (fell back)");
        for (var i = 0; i < LossCount; i++)
        {
            var gate = IndexOf(ReportValueKind.GateOpen, values[i].Name);
            if (gate >= 0) text.Append(' ').Append(values[i].Name).Append("Gate=").Append(report.GetFlag(gate) ? "open" : "closed");
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, double value)
        => text.Append(' ').Append(name).Append('=').Append(value.ToString("G6", CultureInfo.InvariantCulture));

    private int IndexOf(ReportValueKind kind, string? subject)
    {
        for (var i = LossCount + 1; i < values.Length; i++)
        {
            if (values[i].Kind == kind && (subject is null || values[i].Subject == subject)) return i;
        }
        return -1;
    }
}
