using System;
using MultiLoss.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// The geometric loss strategy, GLS (Chennupati, Sistu, Yogamani &amp; Rawashdeh 2019): the total is the geometric mean of
/// the losses, (Π_i L_i)^(1/K). With declared weights w_i it is the weighted geometric mean over the active losses,
/// G = Π_i L_i^(w_i/W) with W = Σ_i w_i, which is the K-th root of the product when every w_i is 1. The effective weight
/// of loss i is ∂G/∂L_i = G·w_i / (W·L_i).
/// </summary>
/// <remarks>
/// <para>G is computed as exp(Σ_i (w_i/W)·log L_i), which does not underflow when many small losses are multiplied. A loss
/// below the floor ε (default 1e-8) is taken as ε: its factor is a constant, its effective weight 0, so a loss at or below
/// 0 stops training the model instead of making the total NaN (no exception: telling would need a host read per step).
/// When every active loss has a declared weight of 0, the total is 0 and so are the weights.</para>
/// <para>The declared weights are exponents: scaling them all alike changes nothing, and w_i = 0 leaves loss i out.
/// No state and no learnable weights; nothing is read on the host. The effective weights are written into
/// <see cref="LossWeightingMethod.ReportedWeights"/>.</para>
/// </remarks>
public sealed class GeometricLossStrategy : LossWeightingMethod
{
    private Tensor?[] floored = [];

    /// <summary>GLS with losses floored at <paramref name="floor"/> (finite, positive) before the logarithm.</summary>
    public GeometricLossStrategy(double floor = 1e-8) => Floor = FinitePositive(floor, "The floor is a finite positive number.");

    /// <summary>The floor ε: a loss below it counts as ε, with weight 0.</summary>
    public double Floor { get; }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context) => floored = new Tensor?[context.LossCount];

    /// <inheritdoc />
    protected override bool TakesLogarithms => true;

    /// <summary>
    /// exp(Σ w_i·log max(L_i, ε) / W) over the losses that are not null, W the sum of their declared weights; records each
    /// one's weight G·w_i/(W·L_i) (0 below ε, NaN if not active).
    /// </summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ReportedWeights.fill_(Scalars.NaN);
        var weightSum = 0.0;
        Tensor? first = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            first ??= loss;
            weightSum += Context.DeclaredWeights[i];
        }
        if (weightSum == 0)
        {
            for (var i = 0; i < losses.Length; i++) ReportedWeight(i).fill_(Constant(losses[i] is null ? double.NaN : 0.0));
            return first!.mul(Constant(0.0));
        }
        // Each temporary is disposed at once (no dispose scope of its own): a step allocates no more than it must.
        try
        {
            Tensor? exponent = null;
            for (var i = 0; i < losses.Length; i++)
            {
                if (losses[i] is not { } loss) continue;
                floored[i] = loss.clamp_min(Constant(Floor));
                using var log = floored[i]!.log();
                exponent = AddWeighted(exponent, log, DeclaredWeight(i));
            }
            using var inverse = (1.0 / weightSum).ToScalar();
            Tensor total;
            using (exponent) total = exponent!.mul_(inverse).exp();
            using var _ = torch.no_grad();
            for (var i = 0; i < losses.Length; i++)
            {
                if (losses[i] is not { } loss) continue;
                using var weight = floored[i]!.reciprocal();
                using var below = loss.lt(Constant(Floor));
                ReportedWeight(i).copy_(weight.mul_(total).mul_(DeclaredWeight(i)).mul_(inverse).masked_fill_(below, Constant(0.0)));
            }
            return total;
        }
        finally
        {
            DisposeEach(floored);
        }
    }
}
