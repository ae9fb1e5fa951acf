using System;
using System.Collections.Generic;
using MultiLoss;
using MultiLoss.Logging;

namespace MultiFashion.Strategies;

/// <summary>
/// Turns the values of a generated trainer's report (as a <see cref="TrainingReports"/> sink is given them) into
/// <see cref="StepLosses"/>, finding them by name: <c>Left</c> and <c>Right</c> (NaN for the task a single-task baseline
/// does not have), <c>Total</c>, and where the trainer reports them, <c>LeftWeight</c> and <c>RightWeight</c>,
/// <c>RightGateOpen</c> and <c>Phase</c>.
/// </summary>
public sealed class ReportedLosses
{
    private ReportLayout? layout;
    private int left, right, total, leftWeight, rightWeight, rightGateOpen, phase;

    public StepLosses Read(ReportValues report)
    {
        // Every report of one StepResult type has the same layout, so the names are looked up once per layout.
        if (!ReferenceEquals(report.Layout, layout)) Index(report.Layout);
        var values = report.Values;
        return new StepLosses(
            left < 0 ? double.NaN : values[left],
            right < 0 ? double.NaN : values[right],
            values[total],
            Phase: phase < 0 ? null : (int)values[phase],
            RightGateOpen: rightGateOpen < 0 ? null : values[rightGateOpen] != 0,
            Weights: leftWeight < 0 ? null : new TaskWeights(values[leftWeight], values[rightWeight]));
    }

    private void Index(ReportLayout reportLayout)
    {
        var names = reportLayout.Names;
        left = IndexOf(names, "Left");
        right = IndexOf(names, "Right");
        total = IndexOf(names, "Total");
        leftWeight = IndexOf(names, "LeftWeight");
        rightWeight = IndexOf(names, "RightWeight");
        rightGateOpen = IndexOf(names, "RightGateOpen");
        phase = IndexOf(names, "Phase");
        if (total < 0 || (left < 0 && right < 0))
        {
            throw new ArgumentException($"A report needs a Total and a Left or Right loss; it has [{string.Join(", ", names)}].", nameof(reportLayout));
        }
        if ((leftWeight < 0) != (rightWeight < 0))
        {
            throw new ArgumentException($"A report weights both tasks or neither; it has [{string.Join(", ", names)}].", nameof(reportLayout));
        }
        layout = reportLayout;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }
        return -1;
    }
}
