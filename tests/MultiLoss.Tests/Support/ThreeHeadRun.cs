using System;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Two identical three-headed nets with Adam and the same batches: one for a hand loop, one for a generated trainer.
/// Disposes everything it made.
/// </summary>
internal sealed class ThreeHeadRun : IDisposable
{
    public const double LearningRate = 0.01;

    public ThreeHeadRun(int seed)
    {
        Batches = new Batches(count: 6, batchSize: 32, seed: seed + 100);
        Hand = new ThreeHeadNet(seed);
        Generated = new ThreeHeadNet(seed);
        HandOptimizer = optim.Adam(Hand.parameters(), LearningRate);
        GeneratedOptimizer = optim.Adam(Generated.parameters(), LearningRate);
    }

    public Batches Batches { get; }

    public ThreeHeadNet Hand { get; }

    public ThreeHeadNet Generated { get; }

    public optim.Optimizer HandOptimizer { get; }

    public optim.Optimizer GeneratedOptimizer { get; }

    /// <summary>Runs <paramref name="step"/> for steps 0 … <paramref name="steps"/> − 1 with that step's batch, in a dispose scope each.</summary>
    public void Train(int steps, Action<int, Tensor, Tensor> step)
    {
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            step(i, Batches.Input(i), Batches.Label(i));
        }
    }

    public void AssertParametersEqual(double tolerance) => ParameterAssert.Equal(Hand, Generated, tolerance);

    public void Dispose()
    {
        HandOptimizer.Dispose();
        GeneratedOptimizer.Dispose();
        Hand.Dispose();
        Generated.Dispose();
        Batches.Dispose();
    }
}
