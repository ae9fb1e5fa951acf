using System;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>Training steps of a gradient-aggregation method on <see cref="TinyModel"/>, for the live-tensor checks.</summary>
internal static class AggregationSteps
{
    private static readonly double[] X = [1.0, 2.0];

    /// <summary>
    /// One step as a trainer takes it: gradients to none, the three heads' losses times <paramref name="declared"/>,
    /// the method's backward, optionally its effective weights read, the optimizer step.
    /// </summary>
    public static void Train(GradientAggregationMethod method, TinyModel model, optim.Optimizer optimizer, double[] declared, bool readWeights)
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        method.SetGradientsToNone();
        var losses = new[] { model.Loss(model.U, X, 1.0).mul(declared[0]), model.Loss(model.V, X, 0.0).mul(declared[1]), model.Loss(model.Z, X, 0.5).mul(declared[2]) };
        method.Backward(losses, losses[0].add(losses[1]).add(losses[2]));
        if (readWeights)
        {
            for (var i = 0; i < losses.Length; i++) _ = TinyModel.Value(method.EffectiveWeight(i));
        }
        optimizer.step();
        method.AfterOptimizerStep();
    }

    /// <summary>Runs <paramref name="step"/> 200 times and asserts that the last 199 left as many live tensors as the first did.</summary>
    public static void AssertLiveTensorCountStable(Action step)
    {
        step();
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 1; i < 200; i++) step();

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }
}
