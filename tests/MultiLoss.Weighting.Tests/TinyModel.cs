using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting.Tests;

/// <summary>
/// The model the tests compute by hand: a shared linear layer h = W·x (2×2, no bias) and linear heads, loss
/// L = (head·h − y)². Written twice: in TorchSharp (float64 parameters) and in plain doubles with the derivatives
/// worked out on paper: ∂L/∂W[r,c] = 2e·head[r]·x[c], ∂L/∂head = 2e·h, with e = head·h − y.
/// </summary>
internal sealed class TinyModel : IDisposable
{
    public static readonly double[,] InitialW = { { 0.5, -0.3 }, { 0.2, 0.4 } };
    public static readonly double[] InitialU = { 1.0, 2.0 };
    public static readonly double[] InitialV = { 3.0, -1.0 };
    public static readonly double[] InitialZ = { -0.5, 1.0 };

    public TinyModel()
    {
        W = Create(new[] { InitialW[0, 0], InitialW[0, 1], InitialW[1, 0], InitialW[1, 1] }, 2, 2);
        U = Create(InitialU, 2);
        V = Create(InitialV, 2);
        Z = Create(InitialZ, 2);
    }

    public Parameter W { get; }
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

    /// <summary>(head·(W·x) − y)² as a tensor with a graph.</summary>
    public Tensor Loss(Tensor head, double[] x, double y)
    {
        using var input = torch.tensor(x, dtype: ScalarType.Float64);
        using var hidden = W.matmul(input);
        using var output = head.dot(hidden);
        using var error = output.sub(y);
        return error.square();
    }

    public void Dispose()
    {
        W.Dispose();
        U.Dispose();
        V.Dispose();
        Z.Dispose();
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
    public static double[][] PcGrad(double[][] g, int[][] order)
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
