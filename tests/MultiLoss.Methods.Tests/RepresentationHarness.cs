using System;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// Runs a gradient-aggregation method in representation mode on per-sample gradients chosen by the test: one float64
/// parameter p of shape [B, F], the representation A = p·1 (its values the test's), and the linear losses
/// L_i = Σ J_i ∘ A, whose gradients with respect to A are the [B, F] matrices J_i exactly. After
/// <see cref="GradientAggregationMethod.BackwardAt"/>, p's gradient is the representation's aggregated gradient.
/// </summary>
internal sealed class RepresentationHarness : IDisposable
{
    public const string Output = "features";
    private readonly ParameterHolder holder;
    private readonly optim.Optimizer optimizer;

    public RepresentationHarness(GradientAggregationMethod method, int losses, int batch, int features)
    {
        holder = new ParameterHolder(nameof(RepresentationHarness), batch, features);
        optimizer = torch.optim.SGD(holder.parameters(), 0.1);
        var declared = new double[losses];
        Array.Fill(declared, 1.0);
        Method = method;
        Method.Initialize(new MethodContext(Contexts.Trainer, holder, optimizer, Contexts.Names(losses), declared, representation: Output));
    }

    public GradientAggregationMethod Method { get; }

    /// <summary>The representation's aggregated gradient ([B][F]) for the per-sample gradients <paramref name="gradients"/> ([K][B][F]) at <paramref name="representation"/> ([B][F]).</summary>
    public double[][] Run(double[][][] gradients, double[][] representation)
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        using (torch.no_grad()) holder.P.copy_(Matrix(representation));
        var features = holder.P.mul(1.0);
        var losses = new Tensor?[gradients.Length];
        Tensor? total = null;
        for (var i = 0; i < gradients.Length; i++)
        {
            losses[i] = Matrix(gradients[i]).mul(features).sum();
            total = total is null ? losses[i] : total + losses[i]!;
        }
        Method.BackwardAt(features, losses, total!);
        var flat = TinyModel.Values(holder.P.grad!);
        var result = new double[representation.Length][];
        var width = representation[0].Length;
        for (var b = 0; b < result.Length; b++) result[b] = flat.AsSpan(b * width, width).ToArray();
        return result;
    }

    private static Tensor Matrix(double[][] rows)
    {
        var width = rows[0].Length;
        var flat = new double[rows.Length * width];
        for (var b = 0; b < rows.Length; b++) rows[b].CopyTo(flat, b * width);
        return torch.tensor(flat, dtype: ScalarType.Float64).view(rows.Length, width);
    }

    public void Dispose()
    {
        Method.Dispose();
        optimizer.Dispose();
        holder.Dispose();
    }
}
