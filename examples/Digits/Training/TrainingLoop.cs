using System.Diagnostics;
using Digits.Data;
using Digits.Strategies;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Training;

/// <summary>
/// Runs a trainer over shuffled mini-batches for a number of epochs, recording every step's losses. A trainer that keeps
/// per-epoch state (<see cref="IEpochAwareTrainer"/>) is told when each epoch ends. The history records when each epoch
/// ended, from the loop's start. Each step's report also goes to
/// <c>reports</c> when given (TensorBoard).
/// </summary>
public static class TrainingLoop
{
    public static int StepCount(int rowCount, TrainingOptions options) =>
        new BatchSchedule(rowCount, options.BatchSize, options.Seed).BatchesPerEpoch * options.Epochs;

    public static LossHistory Run(
        IDigitsTrainer trainer, DigitsTensors data, TrainingOptions options, ITrainingObserver observer, TrainingReports? reports = null)
    {
        var history = new LossHistory();
        var schedule = new BatchSchedule(data.Count, options.BatchSize, options.Seed);
        var step = 0;
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var epochMean = new LossMean();
            foreach (var batch in schedule.NextEpoch())
            {
                var losses = TrainOnBatch(trainer, data, batch, reports);
                var record = new StepRecord(++step, epoch, losses);
                history.AddStep(record);
                epochMean.Add(losses);
                observer.OnStep(record, epochMean.Mean);
            }
            (trainer as IEpochAwareTrainer)?.EndEpoch();
            history.EndEpoch(epochMean.Mean, clock.Elapsed);
            observer.OnEpochEnd(epoch, epochMean.Mean);
        }
        return history;
    }

    private static StepLosses TrainOnBatch(IDigitsTrainer trainer, DigitsTensors data, long[] rows, TrainingReports? reports)
    {
        using var scope = NewDisposeScope();
        var indices = torch.tensor(rows, device: data.Images.device);
        return trainer.Train(data.Images.index_select(0, indices), data.Labels.index_select(0, indices), reports);
    }
}
