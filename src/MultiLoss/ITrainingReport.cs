using MultiLoss.Runtime;

namespace MultiLoss;

/// <summary>
/// What one step of a generated trainer reported, read without knowing the trainer's own <c>StepResult</c> type: every
/// value by index, in the order of <see cref="Layout"/>. Every generated result implements it; code that logs or
/// averages reports takes it as a generic parameter constrained to this interface, so nothing is boxed.
/// </summary>
public interface ITrainingReport
{
    /// <summary>The number of the step, counting from 1.</summary>
    long StepNumber { get; }

    /// <summary>True for what an evaluation computed (<c>Evaluate</c>), false for what a step reported.</summary>
    bool IsEvaluation { get; }

    /// <summary>The names and kinds of the values, the same for every step of a trainer; the first <see cref="ReportLayout.DeviceValueCount"/> live on the device.</summary>
    ReportLayout Layout { get; }

    /// <summary>The trainer's buffer that holds this step's values, for accumulating the device values on the device.</summary>
    StepValues DeviceValues { get; }

    /// <summary>
    /// Value <paramref name="index"/>: losses, the total, weights and metrics as they are; gates and flags as 1 (true) or 0; the
    /// phase as its number; NaN for a loss that was not computed this step. The first read of a step's device values
    /// copies them to the host (one device sync).
    /// </summary>
    double GetValue(int index);
}
