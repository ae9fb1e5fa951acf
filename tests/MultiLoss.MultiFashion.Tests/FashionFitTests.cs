using System;
using System.Collections.Generic;
using System.Linq;
using MultiFashion.App;
using MultiFashion.Data;
using MultiFashion.Model;
using MultiFashion.Strategies;
using MultiFashion.Training;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>The example's fit (MultiLoss.Logging's FitLoop) against the hand-written loop of the same calls.</summary>
public sealed class FashionFitTests
{
    private static readonly TrainingOptions Options = new(Epochs: 3, BatchSize: 10, LearningRate: 0.01, Seed: 4);

    [Test]
    public void FitRecordsTheEpochMeansOfTheHandWrittenLoopAndEndsEachEpoch()
    {
        TorchNative.EnsureAvailable();
        OneDnn.TryDisable(); // as the example does: its CPU kernels give NaN gradients at random
        using var data = RandomSet(24);

        var expected = new List<(double Left, double Right, double Total, TaskWeights Weights, int Steps)>();
        using (var net = NewNet())
        using (var optimizer = optim.Adam(net.parameters(), Options.LearningRate))
        using (var trainer = new WeightingTrainer(net, optimizer, new DynamicWeightAverageAttribute()))
        {
            var random = new Random(Options.Seed);
            for (var epoch = 0; epoch < Options.Epochs; epoch++)
            {
                var order = Enumerable.Range(0, data.Count).Select(i => (long)i).ToArray();
                random.Shuffle(order);
                var left = new List<double>();
                var right = new List<double>();
                var total = new List<double>();
                var weights = new List<TaskWeights>();
                foreach (var rows in order.Chunk(Options.BatchSize))
                {
                    using var scope = NewDisposeScope();
                    var index = torch.tensor(rows);
                    var report = trainer.Step(data.Images.index_select(0, index), data.LeftLabels.index_select(0, index), data.RightLabels.index_select(0, index));
                    left.Add(report.Left);
                    right.Add(report.Right);
                    total.Add(report.Total);
                    weights.Add(new TaskWeights(report.LeftWeight, report.RightWeight));
                }
                trainer.EndEpoch();
                expected.Add((left.Average(), right.Average(), total.Average(), new TaskWeights(weights.Average(w => w.Left), weights.Average(w => w.Right)), left.Count));
            }
        }

        TrainingHistory history;
        using (var net = NewNet())
        using (var optimizer = optim.Adam(net.parameters(), Options.LearningRate))
        using (var trainer = new WeightingTrainer(net, optimizer, new DynamicWeightAverageAttribute()))
        {
            history = FashionFit.Run(trainer, data, Options, new NoObserver());
        }

        Assert.That(history.Steps, Is.EqualTo(9), "3 batches (10, 10, 4) per epoch");
        Assert.That(history.Epochs.Select(e => (e.Epoch, e.LastStep, e.Steps)), Is.EqualTo(new[] { (1, 3, 3), (2, 6, 3), (3, 9, 3) }));
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            var mean = history.Epochs[epoch].Mean;
            Assert.That(mean.Left, Is.EqualTo(expected[epoch].Left).Within(1e-12), $"epoch {epoch + 1}");
            Assert.That(mean.Right, Is.EqualTo(expected[epoch].Right).Within(1e-12), $"epoch {epoch + 1}");
            Assert.That(mean.Total, Is.EqualTo(expected[epoch].Total).Within(1e-12), $"epoch {epoch + 1}");
            Assert.That(mean.Weights!.Value.Left, Is.EqualTo(expected[epoch].Weights.Left).Within(1e-12), $"epoch {epoch + 1}");
            Assert.That(mean.Weights!.Value.Right, Is.EqualTo(expected[epoch].Weights.Right).Within(1e-12), $"epoch {epoch + 1}");
        }
        Assert.That(expected[2].Weights.Left, Is.Not.EqualTo(1.0), "DWA set new weights at the end of epoch 2");
    }

    [Test]
    public void ABaselineReportsNoLossForTheTaskItDoesNotTrain()
    {
        TorchNative.EnsureAvailable();
        OneDnn.TryDisable(); // as the example does: its CPU kernels give NaN gradients at random
        using var data = RandomSet(12);
        using var net = NewNet();
        using var optimizer = optim.Adam(net.parameters(), Options.LearningRate);
        using var trainer = new SingleLeftTrainer(net, optimizer);

        var history = FashionFit.Run(trainer, data, Options with { Epochs = 1 }, new NoObserver());

        Assert.That(history.LastEpoch.Mean.Right, Is.NaN);
        Assert.That(history.LastEpoch.Mean.Left, Is.EqualTo(history.LastEpoch.Mean.Total), "the baseline's total is its one loss");
        Assert.That(history.LastEpoch.Mean.Weights, Is.Null);
    }

    private static MultiFashionNet NewNet()
    {
        torch.manual_seed(7);
        return new MultiFashionNet();
    }

    private static MultiFashionSet RandomSet(int count)
    {
        var generator = new Generator(11);
        return new MultiFashionSet(
            torch.rand([count, 1, 28, 28], generator: generator),
            torch.randint(0, 10, [count], generator: generator),
            torch.randint(0, 10, [count], generator: generator));
    }

    private sealed class NoObserver : ITrainingObserver
    {
        public void OnEpochEnd(EpochRecord epoch)
        {
        }
    }
}
