using System;
using System.Collections.Generic;
using System.Diagnostics;
using MultiFashion.Data;
using MultiFashion.Strategies;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;

namespace MultiFashion.Training;

/// <summary>
/// Trains with MultiLoss.Logging's <see cref="FitLoop{TBatch, TReport}"/> over shuffled mini-batches for a number of
/// epochs: the order is a new permutation every epoch, the same for the same seed; the last batch of an epoch is
/// smaller when the samples do not divide evenly; the loop calls the trainer's <see cref="IMultiLossTrainer.EndEpoch"/>
/// after each. Every step's values go through the loop's <see cref="TrainingReports"/> to an <see cref="EpochRecorder"/>.
/// </summary>
public static class FashionFit
{
    public static int BatchesPerEpoch(int sampleCount, int batchSize) => (sampleCount + batchSize - 1) / batchSize;

    public static TrainingHistory Run(IFashionTrainer trainer, MultiFashionSet data, TrainingOptions options, ITrainingObserver observer)
    {
        var recorder = new EpochRecorder(observer);
        using var reports = new TrainingReports(1, recorder);
        var clock = Stopwatch.StartNew();
        trainer.Accept(new Fit(data, options, recorder, reports));
        return new TrainingHistory(recorder.Epochs, recorder.Steps, clock.Elapsed);
    }

    /// <summary>One epoch's batches in a new order; each is selected in the loop's dispose scope for its step.</summary>
    private static IEnumerable<FashionBatch> Batches(MultiFashionSet data, Random random, int batchSize)
    {
        var order = new long[data.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        random.Shuffle(order);
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var rows = torch.tensor(order[start..Math.Min(start + batchSize, order.Length)], device: data.Images.device);
            yield return new FashionBatch(data.Images.index_select(0, rows), data.LeftLabels.index_select(0, rows), data.RightLabels.index_select(0, rows));
        }
    }

    /// <summary>Builds the loop around the trainer's own step type and runs it.</summary>
    private sealed class Fit(MultiFashionSet data, TrainingOptions options, EpochRecorder recorder, TrainingReports reports) : IStepVisitor<FitResult>
    {
        public FitResult Visit<TReport>(IMultiLossTrainer trainer, Func<FashionBatch, TReport> step) where TReport : ITrainingReport
        {
            var loop = new FitLoop<FashionBatch, TReport>(trainer, step) { Epochs = options.Epochs, Reports = reports };
            loop.EpochEnded += recorder.OnEpochEnded;
            var random = new Random(options.Seed);
            return loop.Run(_ => Batches(data, random, options.BatchSize));
        }
    }
}
