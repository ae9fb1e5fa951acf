using System;
using MultiLoss.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// The scale-invariant log loss: total = Σ_i w_i·log L_i over the active losses, where w_i is the loss's declared weight.
/// Multiplying a loss by a constant only adds a constant to the total, so no loss dominates by its scale. The effective
/// weight of loss i, ∂total/∂L_i, is w_i / L_i.
/// </summary>
/// <remarks>
/// <para>A logarithm needs a positive loss. A loss below the floor ε (default 1e-8) is taken as ε: its term is the constant
/// w_i·log ε, its gradient and its effective weight are 0, so a loss at or below 0 stops training the model instead of
/// making the total NaN. No exception is thrown, because telling would need a host read per step; a loss that can be
/// negative (a log-likelihood) does not belong in this method.</para>
/// <para>No state and no learnable weights. Per active loss a step costs a few small tensors, disposed within
/// <see cref="Combine"/>; the effective weights are written into <see cref="LossWeightingMethod.ReportedWeights"/>.
/// Nothing is read on the host.</para>
/// </remarks>
public sealed class ScaleInvariantLogLoss : LossWeightingMethod
{
    /// <summary>The scale-invariant log loss with losses floored at <paramref name="floor"/> (finite, positive) before the logarithm.</summary>
    public ScaleInvariantLogLoss(double floor = 1e-8) => Floor = FinitePositive(floor, "The floor is a finite positive number.");

    /// <summary>The floor ε: a loss below it counts as ε, with weight 0.</summary>
    public double Floor { get; }

    /// <inheritdoc />
    protected override bool TakesLogarithms => true;

    /// <summary>Σ w_i·log max(L_i, ε) over the losses that are not null; records each one's weight w_i/L_i (0 below ε, NaN if not active).</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        // Each temporary is disposed at once (no dispose scope of its own): a step allocates no more than it must.
        ReportedWeights.fill_(Scalars.NaN);
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            using var clamped = loss.clamp_min(Constant(Floor));
            using (torch.no_grad())
            {
                using var weight = clamped.reciprocal();
                using var below = loss.lt(Constant(Floor));
                ReportedWeight(i).copy_(weight.mul_(DeclaredWeight(i)).masked_fill_(below, Constant(0.0)));
            }
            using var log = clamped.log();
            total = AddWeighted(total, log, DeclaredWeight(i));
        }
        return total!;
    }
}
