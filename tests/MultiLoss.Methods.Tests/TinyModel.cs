using System;
using System.Collections.Generic;
using System.IO;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// The model the tests compute by hand: a shared linear layer h = W·x (2×2, no bias) and linear heads, loss
/// L = (head·h − y)². Written twice: in TorchSharp (float64 parameters) and in plain doubles with the derivatives
/// worked out on paper: ∂L/∂W[r,c] = 2e·head[r]·x[c], ∂L/∂head = 2e·h, with e = head·h − y.
/// </summary>
/// <remarks>
/// A module, so that a <see cref="MethodContext"/> can describe it: the shared layer <see cref="Shared"/> holds W, the
/// model itself holds the heads u, v and z.
/// </remarks>
internal sealed class TinyModel : nn.Module
{
    public static readonly double[,] InitialW = { { 0.5, -0.3 }, { 0.2, 0.4 } };
    public static readonly double[] InitialU = { 1.0, 2.0 };
    public static readonly double[] InitialV = { 3.0, -1.0 };
    public static readonly double[] InitialZ = { -0.5, 1.0 };

    public TinyModel() : base(nameof(TinyModel))
    {
        Shared = new SharedLayer(Create(new[] { InitialW[0, 0], InitialW[0, 1], InitialW[1, 0], InitialW[1, 1] }, 2, 2));
        U = Create(InitialU, 2);
        V = Create(InitialV, 2);
        Z = Create(InitialZ, 2);
        register_module("shared", Shared);
        register_parameter("u", U);
        register_parameter("v", V);
        register_parameter("z", Z);
    }

    /// <summary>The shared layer: the module that holds W.</summary>
    public SharedLayer Shared { get; }

    public Parameter W => Shared.W;
    public Parameter U { get; }
    public Parameter V { get; }
    public Parameter Z { get; }

    public Parameter[] All => new[] { W, U, V, Z };

    private static Parameter Create(double[] values, params long[] shape)
    {
        var parameter = new Parameter(torch.tensor(values, shape, dtype: ScalarType.Float64));
        parameter.DetachFromDisposeScope();
        return parameter;
    }

    /// <summary>Sets every parameter to the values of <paramref name="other"/>'s (a model resumed from saved weights).</summary>
    public void CopyFrom(TinyModel other)
    {
        using var _ = torch.no_grad();
        var mine = All;
        var theirs = other.All;
        for (var p = 0; p < mine.Length; p++) mine[p].copy_(theirs[p]);
    }

    /// <summary>(head·(W·x) − y)² as a tensor with a graph.</summary>
    public Tensor Loss(Tensor head, double[] x, double y)
    {
        using var input = torch.tensor(x, dtype: ScalarType.Float64);
        using var hidden = W.matmul(input);
        using var output = head.dot(hidden);
        using var error = output.sub(y);
        return error.square();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            W.Dispose();
            U.Dispose();
            V.Dispose();
            Z.Dispose();
            Shared.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Reads a tensor into a flat double array.</summary>
    public static double[] Values(Tensor tensor)
    {
        using var flat = tensor.detach().flatten().to(ScalarType.Float64).cpu();
        return flat.data<double>().ToArray();
    }

    public static double Value(Tensor tensor)
    {
        using var scalar = tensor.ToScalar();
        return scalar.ToDouble();
    }

    /// <summary>The layer every loss goes through.</summary>
    internal sealed class SharedLayer : nn.Module
    {
        public SharedLayer(Parameter w) : base(nameof(SharedLayer))
        {
            W = w;
            register_parameter("W", W);
        }

        public Parameter W { get; }
    }
}

/// <summary>Builds the <see cref="MethodContext"/> a trainer would give its method.</summary>
internal static class Contexts
{
    public const string Trainer = "Tests.TinyTrainer";

    /// <summary>
    /// The context of a trainer of <paramref name="model"/> with <paramref name="optimizer"/> and one loss per declared
    /// weight (named L1, L2, …); the shared layer is <see cref="TinyModel.Shared"/> (W alone), or the whole model when
    /// <paramref name="sharedW"/> is false.
    /// </summary>
    public static MethodContext Of(TinyModel model, optim.Optimizer optimizer, double[] declared, bool sharedW = true)
        => new(Trainer, model, optimizer, Names(declared.Length), declared, sharedW ? model.Shared : null);

    /// <summary>A context over any module (the whole module shared unless <paramref name="sharedLayer"/> is given).</summary>
    public static MethodContext Of(nn.Module model, optim.Optimizer optimizer, double[] declared, nn.Module? sharedLayer)
        => new(Trainer, model, optimizer, Names(declared.Length), declared, sharedLayer);

    public static string[] Names(int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++) names[i] = "L" + (i + 1);
        return names;
    }

    /// <summary>Initializes <paramref name="method"/> with <paramref name="context"/> and returns it.</summary>
    public static T Initialized<T>(this T method, MethodContext context) where T : TrainingMethod
    {
        method.Initialize(context);
        return method;
    }

    /// <summary>
    /// The method's state as a trainer saves it — under <paramref name="prefix"/>, in a <see cref="TrainerState"/> written
    /// to bytes — and read back from those bytes.
    /// </summary>
    public static TrainerState SaveThroughBytes(TrainingMethod method, string prefix = "Weighting.")
    {
        var values = new Dictionary<string, double[]>();
        var blobs = new Dictionary<string, byte[]>();
        method.SaveState(new MethodState(prefix, values, blobs));
        var state = new TrainerState { Trainer = Trainer, StepsTaken = 3, Values = values, Blobs = blobs };
        byte[] bytes;
        using (var stream = new MemoryStream())
        {
            state.Save(stream);
            bytes = stream.ToArray();
        }
        using var reader = new MemoryStream(bytes, writable: false);
        return TrainerState.Load(reader);
    }

    /// <summary>The optimizer's state dictionary as bytes, and loaded back from them.</summary>
    public static byte[] OptimizerBytes(OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return stream.ToArray();
    }

    public static void LoadOptimizer(OptimizerHelper optimizer, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream);
        optimizer.load_state_dict(reader);
    }
}

/// <summary>The same model in plain doubles.</summary>
internal static class Hand
{
    public sealed record LossParts(double Loss, double[] Hidden, double[,] GradW, double[] GradHead);

    public static LossParts Loss(double[,] w, double[] head, double[] x, double y)
    {
        var h = new[] { w[0, 0] * x[0] + w[0, 1] * x[1], w[1, 0] * x[0] + w[1, 1] * x[1] };
        var e = head[0] * h[0] + head[1] * h[1] - y;
        var gradW = new double[2, 2];
        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 2; c++) gradW[r, c] = 2 * e * head[r] * x[c];
        }
        return new LossParts(e * e, h, gradW, new[] { 2 * e * h[0], 2 * e * h[1] });
    }

    public static double[] Flat(double[,] m) => new[] { m[0, 0], m[0, 1], m[1, 0], m[1, 1] };

    public static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    /// <summary>a + k·b.</summary>
    public static double[] AddScaled(double[] a, double k, double[] b)
    {
        var r = new double[a.Length];
        for (var i = 0; i < a.Length; i++) r[i] = a[i] + k * b[i];
        return r;
    }

    /// <summary>PCGrad as the paper writes it: for each i, for j in the given order, project g_i (so far) off the original g_j on conflict.</summary>
    public static double[][] PCGrad(double[][] g, int[][] order)
    {
        var result = new double[g.Length][];
        for (var i = 0; i < g.Length; i++)
        {
            var gi = (double[])g[i].Clone();
            foreach (var j in order[i])
            {
                var dot = Dot(gi, g[j]);
                if (dot < 0) gi = AddScaled(gi, -dot / Dot(g[j], g[j]), g[j]);
            }
            result[i] = gi;
        }
        return result;
    }

    public static double[] Sum(double[][] rows)
    {
        var s = new double[rows[0].Length];
        foreach (var row in rows)
        {
            for (var k = 0; k < s.Length; k++) s[k] += row[k];
        }
        return s;
    }
}
