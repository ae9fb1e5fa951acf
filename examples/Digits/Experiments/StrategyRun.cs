using System.Diagnostics;
using Digits.Data;
using Digits.Evaluation;
using Digits.Model;
using Digits.Reporting;
using Digits.Strategies;
using Digits.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Experiments;

/// <summary>Trains a fresh network with one strategy and scores it on the test images.</summary>
public static class StrategyRun
{
    /// <param name="tensorBoardFolder">Where to log TensorBoard scalars, or null for none.</param>
    /// <param name="label">How the progress names the run.</param>
    public static RunResult Run(
        Strategy strategy, DigitsTensors train, DigitsTensors test, TrainingOptions options,
        Device device, ITrainingProgress progress, string? tensorBoardFolder, string label)
    {
        var clock = Stopwatch.StartNew();
        // Same seed, same initial weights: strategies are compared from the same starting point.
        torch.manual_seed(options.Seed);
        using var net = new DigitsNet();
        net.to(device);
        using var optimizer = optim.Adam(net.parameters(), options.LearningRate);
        var totalSteps = DigitsFit.StepCount(train.Count, options);
        using var trainer = strategy.CreateTrainer(net, optimizer, totalSteps);

        var history = progress.Track(label, totalSteps, options.Epochs, display => DigitsFit.Run(trainer, train, options, display, tensorBoardFolder));
        var metrics = Evaluator.Evaluate(net, test);
        return new RunResult(strategy, options, device.ToString(), train.Count, test.Count, history, metrics, clock.Elapsed);
    }
}
