using System;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// Runs a gradient-aggregation method on a Jacobian chosen by the test: one parameter p of N elements (float64 unless told) and the
/// linear losses L_i = J_i·p, whose gradients are the rows J_i exactly. Each <see cref="Run"/> is one
/// <see cref="GradientAggregationMethod.Backward"/> through the method's whole path (host Gramian, solver, combination).
/// </summary>
internal sealed class JacobianHarness : IDisposable
{
    private readonly ParameterHolder holder;
    private readonly optim.Optimizer optimizer;

    /// <summary>A harness for <paramref name="losses"/> losses over <paramref name="size"/> parameters, running <paramref name="method"/> (which it owns).</summary>
    public JacobianHarness(GradientAggregationMethod method, int losses, int size, ScalarType dtype = ScalarType.Float64)
    {
        holder = new ParameterHolder(nameof(JacobianHarness), dtype, size);
        optimizer = torch.optim.SGD(holder.parameters(), 0.1);
        var declared = new double[losses];
        Array.Fill(declared, 1.0);
        Method = method;
        Method.Initialize(Contexts.Of(holder, optimizer, declared, sharedLayer: null));
    }

    public GradientAggregationMethod Method { get; }

    /// <summary>
    /// The aggregated gradient of <paramref name="rows"/> and the coefficients reported as effective weights; the losses'
    /// values are <paramref name="values"/> (0 without: L_i = J_i·p + v_i, with p = 0).
    /// </summary>
    public (double[] Result, double[] Coefficients) Run(double[][] rows, double[]? values = null)
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        var losses = new Tensor?[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            using var row = torch.tensor(rows[i], dtype: holder.P.dtype);
            losses[i] = values is null ? row.dot(holder.P) : row.dot(holder.P).add(values[i]);
        }
        Method.Backward(losses, null);
        var result = TinyModel.Values(holder.P.grad!);
        var coefficients = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++) coefficients[i] = TinyModel.Value(Method.EffectiveWeight(i));
        return (result, coefficients);
    }

    /// <summary>One run on a fresh harness.</summary>
    public static (double[] Result, double[] Coefficients) Aggregate(GradientAggregationMethod method, double[][] rows, double[]? values = null, ScalarType dtype = ScalarType.Float64)
    {
        using var harness = new JacobianHarness(method, rows.Length, rows[0].Length, dtype);
        return harness.Run(rows, values);
    }

    public void Dispose()
    {
        Method.Dispose();
        optimizer.Dispose();
        holder.Dispose();
    }
}
