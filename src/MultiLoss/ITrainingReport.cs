using System.Collections.Generic;
using MultiLoss.Runtime;

namespace MultiLoss;

/// <summary>
/// What one step of a generated trainer reported, read without knowing the trainer's own <c>StepResult</c> type: every
/// value by index, in the order of <see cref="ValueNames"/>. Every generated <c>StepResult</c> implements it; code that
/// logs or averages reports takes it as a generic parameter constrained to this interface, so nothing is boxed.
/// </summary>
public interface ITrainingReport
{
    /// <summary>The number of the step, counting from 1.</summary>
    long StepNumber { get; }

    /// <summary>
    /// The names of the values, the same for every step of a trainer: each loss (its report name), <c>Total</c>, then the
    /// other values of the device buffer (<c>&lt;Loss&gt;GateOpen</c> of device gates, <c>&lt;Loss&gt;Weight</c> of adaptive
    /// weights learned on the device), then the values known on the host (<c>&lt;Loss&gt;Weight</c> of ramped and epoch
    /// weights, <c>&lt;Loss&gt;GateOpen</c> of host gates, <c>Phase</c>, <c>Skipped</c>, <c>OptimizerStepped</c>).
    /// </summary>
    IReadOnlyList<string> ValueNames { get; }

    /// <summary>How many of the first values live in the step's device buffer, slot i holding value i.</summary>
    int DeviceValueCount { get; }

    /// <summary>The trainer's buffer that holds this step's device values, for accumulating them on the device.</summary>
    StepValues DeviceValues { get; }

    /// <summary>
    /// Value <paramref name="index"/>: losses, the total and weights as they are; gates and flags as 1 (true) or 0; the
    /// phase as its number; NaN for a loss that was not computed this step. The first read of a step's device values
    /// copies them to the host (one device sync).
    /// </summary>
    double GetValue(int index);
}
