using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Tests.Trainers;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace MultiLoss.Tests;

/// <summary>
/// One run of a hand loop over epochs — Step on each batch, then EndEpoch and the scheduler's step — on a three-headed
/// net with Adam and a StepLR schedule, recording every value each step reports. Disposes what it made.
/// </summary>
internal sealed class CheckpointRun : IDisposable
{
    public const int BatchesPerEpoch = 3;
    public const int Epochs = 5;

    private readonly Func<Tensor, Tensor, double[]> step;

    public CheckpointRun(string method, int seed)
    {
        Net = new ThreeHeadNet(seed);
        Optimizer = optim.Adam(Net.parameters(), ThreeHeadRun.LearningRate);
        Scheduler = optim.lr_scheduler.StepLR(Optimizer, step_size: 2, gamma: 0.5);
        (Trainer, step) = method switch
        {
            "weighted" => Of(new ThreeHeadWeighted(Net, Optimizer), (t, x, y) => t.Step(x, y)),
            "dwa" => Of(new ThreeHeadDwa(Net, Optimizer), (t, x, y) => t.Step(x, y)),
            "uncertainty" => Of(new ThreeHeadUncertainty(Net, Optimizer), (t, x, y) => t.Step(x, y)),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
        Checkpoint = new Checkpoint(Net, Optimizer, Trainer, Scheduler);
    }

    public static string[] Methods => ["weighted", "dwa", "uncertainty"];

    public ThreeHeadNet Net { get; }

    public optim.Optimizer Optimizer { get; }

    public LRScheduler Scheduler { get; }

    public IMultiLossTrainer Trainer { get; }

    public Checkpoint Checkpoint { get; }

    /// <summary>Every value of every step taken, in order.</summary>
    public List<double[]> Reported { get; } = [];

    /// <summary>The learning rate after each epoch's scheduler step.</summary>
    public List<double> LearningRates { get; } = [];

    /// <summary>Trains from <paramref name="from"/> to the end, or until the position <paramref name="stop"/> is reached; returns where it stopped.</summary>
    public TrainingPosition Train(Batches batches, TrainingPosition from, TrainingPosition? stop = null)
    {
        for (var epoch = from.Epoch; epoch < Epochs; epoch++)
        {
            for (var batch = epoch == from.Epoch ? from.BatchInEpoch : 0; batch < BatchesPerEpoch; batch++)
            {
                if (stop is not null && stop.Epoch == epoch && stop.BatchInEpoch == batch) return stop;
                using var scope = NewDisposeScope();
                var index = epoch * BatchesPerEpoch + batch;
                Reported.Add(step(batches.Input(index), batches.Label(index)));
            }
            Trainer.EndEpoch();
            Scheduler.step();
            LearningRates.Add(Optimizer.ParamGroups.First().LearningRate);
        }
        return new TrainingPosition(Epochs, 0);
    }

    /// <summary>The parameters and buffers' values, exactly.</summary>
    public float[][] Parameters() => Net.parameters().Select(p => p.data<float>().ToArray()).ToArray();

    public void Dispose()
    {
        Trainer.Dispose();
        Optimizer.Dispose();
        Net.Dispose();
    }

    private static (IMultiLossTrainer, Func<Tensor, Tensor, double[]>) Of<TTrainer, TReport>(TTrainer trainer, Func<TTrainer, Tensor, Tensor, TReport> step)
        where TTrainer : IMultiLossTrainer
        where TReport : ITrainingReport
        => (trainer, (x, y) => ReadAll(step(trainer, x, y)));

    private static double[] ReadAll<TReport>(TReport report) where TReport : ITrainingReport
    {
        var values = new double[report.Layout.Count];
        for (var i = 0; i < values.Length; i++) values[i] = report.GetValue(i);
        return values;
    }
}
