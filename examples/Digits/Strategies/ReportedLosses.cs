using MultiLoss;
using MultiLoss.Logging;

namespace Digits.Strategies;

/// <summary>
/// Turns the values of a generated trainer's report (its own <c>StepResult</c>, as a <see cref="TrainingReports"/> sink
/// is given them) into <see cref="StepLosses"/>, finding them by name: the losses, the total, and where the trainer
/// reports them, the effective weights, the reconstruction gate and the phase.
/// </summary>
public sealed class ReportedLosses
{
    private ReportLayout? layout;
    private LossValueIndices? indices;

    public StepLosses Read(ReportValues report)
    {
        // Every report of one StepResult type has the same layout, so the names are looked up once per layout.
        if (!ReferenceEquals(report.Layout, layout))
        {
            indices = LossValueIndices.Of(report.Layout.Names);
            layout = report.Layout;
        }
        var at = indices!;
        var values = report.Values;
        return new StepLosses(
            values[at.Classification],
            values[at.Reconstruction],
            values[at.Total],
            Phase: at.Phase < 0 ? null : (int)values[at.Phase],
            ReconstructionGateOpen: at.ReconstructionGateOpen < 0 ? null : values[at.ReconstructionGateOpen] != 0,
            Weights: at.ClassificationWeight < 0
                ? null
                : new LossWeights(values[at.ClassificationWeight], values[at.ReconstructionWeight]));
    }
}
