using System;
using MultiLoss.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// What the tests of GradVac, MoCo, DB-MTL and FairGrad share: one aggregation step of a method on the
/// <see cref="TinyModel"/> (losses L_i = (head_i·W·x − y_i)², heads u, v, z, shared W), and the same gradients by hand.
/// </summary>
internal static class StatefulHarness
{
    /// <summary>The targets of the three heads' losses.</summary>
    public static readonly double[] Targets = { 1.0, 0.0, 0.5 };

    /// <summary>
    /// Sets every gradient to none, backpropagates w_i·L_i of the first <paramref name="declared"/>.Length heads through
    /// <paramref name="method"/> and returns the shared W's gradient (flattened).
    /// </summary>
    public static double[] Step(GradientAggregationMethod method, TinyModel model, optim.Optimizer optimizer, double[] x, double[] declared)
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        var heads = new[] { model.U, model.V, model.Z };
        var losses = new Tensor?[declared.Length];
        Tensor? total = null;
        for (var i = 0; i < declared.Length; i++)
        {
            var weighted = model.Loss(heads[i], x, Targets[i]).mul(declared[i]);
            losses[i] = weighted;
            total = total is null ? weighted : total.add(weighted);
        }
        method.Backward(losses, total);
        return TinyModel.Values(model.W.grad!);
    }

    /// <summary>The gradients of w_i·L_i with respect to W at the initial parameters, by hand (flattened, one row per loss).</summary>
    public static double[][] HandGradients(double[] x, double[] declared)
    {
        var heads = new[] { TinyModel.InitialU, TinyModel.InitialV, TinyModel.InitialZ };
        var g = new double[declared.Length][];
        for (var i = 0; i < declared.Length; i++)
        {
            g[i] = Hand.Flat(Hand.Loss(TinyModel.InitialW, heads[i], x, Targets[i]).GradW);
            for (var k = 0; k < g[i].Length; k++) g[i][k] *= declared[i];
        }
        return g;
    }

    /// <summary>G_ij = g_i·g_j, row-major.</summary>
    public static double[] Gramian(double[][] g)
    {
        var count = g.Length;
        var gramian = new double[count * count];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++) gramian[i * count + j] = Hand.Dot(g[i], g[j]);
        }
        return gramian;
    }

    /// <summary>Σ_i c_i·g_i.</summary>
    public static double[] Combination(double[] c, double[][] g)
    {
        var sum = new double[g[0].Length];
        for (var i = 0; i < g.Length; i++) sum = Hand.AddScaled(sum, c[i], g[i]);
        return sum;
    }

    /// <summary>The cosine of two vectors (0 when either is zero).</summary>
    public static double Cosine(double[] a, double[] b)
    {
        var norms = Hand.Norm(a) * Hand.Norm(b);
        return norms > 0 ? Hand.Dot(a, b) / norms : 0.0;
    }

    /// <summary>Whether every value is finite.</summary>
    public static bool Finite(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!double.IsFinite(value)) return false;
        }
        return true;
    }

    /// <summary>The gradients of the shared W, stepping the method <paramref name="steps"/> times with inputs cycling through <paramref name="inputs"/>; the live tensor count after the first step and after the last.</summary>
    public static (long AfterFirst, long AfterLast) LiveTensors(GradientAggregationMethod method, TinyModel model, optim.Optimizer optimizer, int steps)
    {
        var inputs = new[] { new[] { 1.0, 2.0 }, new[] { 0.5, -1.5 }, new[] { -1.0, 0.25 } };
        var declared = new[] { 1.0, 0.5, 2.0 };
        void Once(int step)
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            method.SetGradientsToNone();
            var x = inputs[step % inputs.Length];
            var losses = new Tensor?[] { model.Loss(model.U, x, Targets[0]).mul(declared[0]), model.Loss(model.V, x, Targets[1]).mul(declared[1]), model.Loss(model.Z, x, Targets[2]).mul(declared[2]) };
            method.Backward(losses, losses[0]!.add(losses[1]!).add(losses[2]!));
            for (var i = 0; i < 3; i++) _ = TinyModel.Value(method.EffectiveWeight(i));
            optimizer.step();
            method.AfterOptimizerStep();
        }

        Once(0);
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 1; i < steps; i++) Once(i);
        return (afterFirst, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
