using System;
using Digits.Strategies;
using Digits.Training;
using MultiLoss.Logging;
using static TorchSharp.torch;

namespace MultiLoss.Examples.Tests;

/// <summary>
/// Single steps of a strategy's trainer, read as the example reads every step of a fit: through a
/// <see cref="TrainingReports"/> into a <see cref="HistoryRecorder"/>.
/// </summary>
internal static class TrainerSteps
{
    /// <summary>One optimisation step on the batch, outside a fit loop (no epoch ends).</summary>
    public static StepLosses Train(this IDigitsTrainer trainer, Tensor images, Tensor labels) =>
        trainer.Accept(new OneStep(new DigitsBatch(images, labels), trainer.ReportsLogLosses));

    /// <summary>The losses the example records for <paramref name="report"/>.</summary>
    public static StepLosses Losses<TReport>(TReport report, bool logLosses = false) where TReport : ITrainingReport
    {
        var history = new LossHistory();
        using (var reports = new TrainingReports(1, new HistoryRecorder(history, new NoObserver(), logLosses)))
        {
            reports.Add(report);
        }
        return history.Steps[^1].Losses;
    }

    private sealed class OneStep(DigitsBatch batch, bool logLosses) : IStepVisitor<StepLosses>
    {
        public StepLosses Visit<TReport>(IMultiLossTrainer trainer, Func<DigitsBatch, TReport> step) where TReport : ITrainingReport =>
            Losses(step(batch), logLosses);
    }
}

/// <summary>An observer that watches nothing.</summary>
internal sealed class NoObserver : ITrainingObserver
{
    public void OnStep(StepRecord step, StepLosses epochMeanSoFar)
    {
    }

    public void OnEpochEnd(int epoch, StepLosses epochMean)
    {
    }
}
