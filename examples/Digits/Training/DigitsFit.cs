using System;
using System.Collections.Generic;
using Digits.Data;
using Digits.Reporting;
using Digits.Strategies;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Training;

/// <summary>
/// Trains with MultiLoss.Logging's <see cref="FitLoop{TBatch, TReport}"/>: shuffled mini-batches for a number of epochs,
/// the trainer's <see cref="IMultiLossTrainer.EndEpoch"/> after each (the loop's). Every step's values go through the
/// loop's <see cref="TrainingReports"/> to a <see cref="HistoryRecorder"/> (the history and the observer) and, when a
/// folder is given, to TensorBoard.
/// </summary>
public static class DigitsFit
{
    public static int StepCount(int rowCount, TrainingOptions options) =>
        new BatchSchedule(rowCount, options.BatchSize, options.Seed).BatchesPerEpoch * options.Epochs;

    /// <param name="tensorBoardFolder">Where to log each step's values for TensorBoard, or null for none.</param>
    public static LossHistory Run(
        IDigitsTrainer trainer, DigitsTensors data, TrainingOptions options, ITrainingObserver observer, string? tensorBoardFolder = null)
    {
        var recorder = new HistoryRecorder(new LossHistory(), observer, trainer.ReportsLogLosses);
        using var reports = tensorBoardFolder is null
            ? new TrainingReports(1, recorder)
            : new TrainingReports(1, recorder, DigitsTensorBoard.Sink(tensorBoardFolder));
        trainer.Accept(new Fit(data, options, recorder, reports));
        return recorder.History;
    }

    /// <summary>The batches of one epoch, each selected in the loop's dispose scope for its step.</summary>
    private static IEnumerable<DigitsBatch> Batches(DigitsTensors data, BatchSchedule schedule)
    {
        foreach (var rows in schedule.NextEpoch())
        {
            var indices = torch.tensor(rows, device: data.Images.device);
            yield return new DigitsBatch(data.Images.index_select(0, indices), data.Labels.index_select(0, indices));
        }
    }

    /// <summary>Builds the loop around the trainer's own step type and runs it.</summary>
    private sealed class Fit(DigitsTensors data, TrainingOptions options, HistoryRecorder recorder, TrainingReports reports) : IStepVisitor<FitResult>
    {
        public FitResult Visit<TReport>(IMultiLossTrainer trainer, Func<DigitsBatch, TReport> step) where TReport : ITrainingReport
        {
            var loop = new FitLoop<DigitsBatch, TReport>(trainer, step) { Epochs = options.Epochs, Reports = reports };
            loop.EpochEnded += recorder.OnEpochEnded;
            var schedule = new BatchSchedule(data.Count, options.BatchSize, options.Seed);
            recorder.Start();
            return loop.Run(_ => Batches(data, schedule));
        }
    }
}
