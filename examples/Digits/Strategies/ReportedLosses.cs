using System;
using System.Collections.Generic;
using MultiLoss;
using MultiLoss.Logging;

namespace Digits.Strategies;

/// <summary>
/// Turns the report of any generated trainer's step (its own <c>StepResult</c> type) into <see cref="StepLosses"/>,
/// reading the values by name through <see cref="ITrainingReport"/>: the losses, the total, and where the trainer
/// reports them, the effective weights, the reconstruction gate and the phase.
/// </summary>
public static class ReportedLosses
{
    /// <summary>Hands <paramref name="report"/> to <paramref name="reports"/> (when given) and returns its values.</summary>
    public static StepLosses Read<TReport>(TReport report, TrainingReports? reports) where TReport : ITrainingReport
    {
        reports?.Add(report);
        return ToLosses(report);
    }

    public static StepLosses ToLosses<TReport>(TReport report) where TReport : ITrainingReport
    {
        // Every report of one StepResult type has the same names, so they are looked up once per type.
        var layout = LayoutOf<TReport>.Cached ??= LossValueIndices.Of(report.Layout.Names);
        return new StepLosses(
            report.GetValue(layout.Classification),
            report.GetValue(layout.Reconstruction),
            report.GetValue(layout.Total),
            Phase: layout.Phase < 0 ? null : (int)report.GetValue(layout.Phase),
            ReconstructionGateOpen: layout.ReconstructionGateOpen < 0 ? null : report.GetValue(layout.ReconstructionGateOpen) != 0,
            Weights: layout.ClassificationWeight < 0
                ? null
                : new LossWeights(report.GetValue(layout.ClassificationWeight), report.GetValue(layout.ReconstructionWeight)));
    }

    private static class LayoutOf<TReport>
    {
        public static LossValueIndices? Cached;
    }
}
