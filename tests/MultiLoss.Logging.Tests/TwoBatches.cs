using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Logging.Tests;

/// <summary>
/// A small model and two batches taken in turn: one it learns within a few steps (its cross-entropy falls below
/// <see cref="Threshold"/>), and one of all-zero inputs with balanced labels, whose cross-entropy can never fall below
/// ln 3 ≈ 1.0986 (every row gets the same output). Optionally a batch of NaN inputs at one step, to be skipped.
/// </summary>
public sealed class TwoBatches : IDisposable
{
    public const double Threshold = 1.05;
    private readonly Tensor learnable;
    private readonly Tensor learnableTarget;
    private readonly Tensor zeros;
    private readonly Tensor balancedTarget;
    private readonly Tensor nanInput;

    public TwoBatches(int seed)
    {
        manual_seed(seed);
        Model = nn.Sequential(("hidden", nn.Linear(4, 16)), ("relu", nn.ReLU()), ("out", nn.Linear(16, 3)));
        Optimizer = optim.Adam(Model.parameters(), lr: 0.05);
        learnable = randn(24, 4);
        learnableTarget = learnable.narrow(1, 0, 3).argmax(1);
        zeros = torch.zeros(24, 4);
        balancedTarget = arange(24, dtype: ScalarType.Int64).remainder(3);
        nanInput = full(24, 4, double.NaN);
    }

    public nn.Module<Tensor, Tensor> Model { get; }

    public optim.Optimizer Optimizer { get; }

    /// <summary>Runs <paramref name="steps"/> steps (step i from 1 uses the learnable batch when odd); <paramref name="nanAtStep"/> gets NaN inputs.</summary>
    public void Train(int steps, Action<int, Tensor, Tensor> step, int nanAtStep = 0)
    {
        for (var i = 1; i <= steps; i++)
        {
            using var scope = NewDisposeScope();
            var input = i == nanAtStep ? nanInput : i % 2 == 1 ? learnable : zeros;
            step(i, input, i % 2 == 1 ? learnableTarget : balancedTarget);
        }
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
        learnable.Dispose();
        learnableTarget.Dispose();
        zeros.Dispose();
        balancedTarget.Dispose();
        nanInput.Dispose();
    }
}
