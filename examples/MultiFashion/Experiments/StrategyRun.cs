using System.Diagnostics;
using MultiFashion.Data;
using MultiFashion.Evaluation;
using MultiFashion.Model;
using MultiFashion.Strategies;
using MultiFashion.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Experiments;

/// <summary>Trains a fresh network with one strategy and scores both heads on the test samples.</summary>
public static class StrategyRun
{
    public static RunResult Run(
        Strategy strategy, MultiFashionSet train, MultiFashionSet test, TrainingOptions options, Device device, ITrainingObserver observer)
    {
        var clock = Stopwatch.StartNew();
        // Same seed, same initial weights: within a seed every strategy and baseline starts from the same point.
        torch.manual_seed(options.Seed);
        using var net = new MultiFashionNet();
        net.to(device);
        using var optimizer = optim.Adam(net.parameters(), options.LearningRate);
        var totalSteps = FashionFit.BatchesPerEpoch(train.Count, options.BatchSize) * options.Epochs;
        using var trainer = strategy.CreateTrainer(net, optimizer, totalSteps);
        var history = FashionFit.Run(trainer, train, options, observer);
        var accuracies = Evaluator.Evaluate(net, test);
        return new RunResult(strategy, options, device.ToString(), train.Count, test.Count, history, accuracies, clock.Elapsed);
    }
}
