using System;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Two identical MLPs with their own optimizers and the same batches: one for a hand-written loop, one for a
/// generated trainer. Disposes everything it made.
/// </summary>
internal sealed class TrainingPair : IDisposable
{
    public TrainingPair(OptimizerKind kind, int seed)
    {
        Kind = kind;
        Batches = new Batches(count: 5, batchSize: 32, seed: seed + 100);
        HandModel = Models.Mlp(seed);
        GeneratedModel = Models.Mlp(seed);
        HandOptimizer = Optimizers.Create(kind, HandModel);
        GeneratedOptimizer = Optimizers.Create(kind, GeneratedModel);
    }

    public OptimizerKind Kind { get; }

    public Batches Batches { get; }

    public nn.Module<Tensor, Tensor> HandModel { get; }

    public nn.Module<Tensor, Tensor> GeneratedModel { get; }

    public optim.Optimizer HandOptimizer { get; }

    public optim.Optimizer GeneratedOptimizer { get; }

    /// <summary>
    /// Runs <paramref name="step"/> for steps 0 … <paramref name="steps"/> − 1 with that step's batch, inside a dispose scope
    /// per step; the body writes the hand loop's step and the generated one.
    /// </summary>
    public void Train(int steps, Action<int, Tensor, Tensor> step)
    {
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            step(i, Batches.Input(i), Batches.Label(i));
        }
    }

    /// <summary>Asserts the two models ended with equal parameters, to the optimizer's tolerance.</summary>
    public void AssertParametersEqual() => ParameterAssert.Equal(HandModel, GeneratedModel, Optimizers.ParameterTolerance(Kind));

    public void Dispose()
    {
        HandOptimizer.Dispose();
        GeneratedOptimizer.Dispose();
        HandModel.Dispose();
        GeneratedModel.Dispose();
        Batches.Dispose();
    }
}
