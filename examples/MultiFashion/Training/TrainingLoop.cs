using System;
using System.Collections.Generic;
using System.Diagnostics;
using MultiFashion.Data;
using MultiFashion.Strategies;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Training;

/// <summary>
/// Runs a trainer over shuffled mini-batches for a number of epochs. The order is a new permutation every epoch, the same
/// for the same seed; the last batch of an epoch is smaller when the samples do not divide evenly. A trainer that keeps
/// per-epoch state (<see cref="IEpochAwareTrainer"/>) is told when each epoch ends.
/// </summary>
public static class TrainingLoop
{
    public static int BatchesPerEpoch(int sampleCount, int batchSize) => (sampleCount + batchSize - 1) / batchSize;

    public static TrainingHistory Run(IFashionTrainer trainer, MultiFashionSet data, TrainingOptions options, ITrainingObserver observer)
    {
        var random = new Random(options.Seed);
        var order = new long[data.Count];
        var epochs = new List<EpochRecord>(options.Epochs);
        var clock = new Stopwatch();
        var step = 0;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            for (var i = 0; i < order.Length; i++) order[i] = i;
            random.Shuffle(order);
            var accumulator = new EpochAccumulator();
            clock.Start();
            using (var rows = torch.tensor(order, device: data.Images.device))
            {
                for (var start = 0; start < order.Length; start += options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var batch = rows.narrow(0, start, Math.Min(options.BatchSize, order.Length - start));
                    accumulator.Add(trainer.Train(
                        data.Images.index_select(0, batch), data.LeftLabels.index_select(0, batch), data.RightLabels.index_select(0, batch)));
                    step++;
                }
            }
            (trainer as IEpochAwareTrainer)?.EndEpoch();
            clock.Stop();
            var record = accumulator.ToRecord(epoch, step);
            epochs.Add(record);
            observer.OnEpochEnd(record);
        }
        return new TrainingHistory(epochs, step, clock.Elapsed);
    }
}
