using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

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
/// <para>No state and no learnable weights. Per active loss a step costs a few small tensors in the caller's dispose
/// scope; the effective weights are written into a buffer the method owns. Nothing is read on the host.</para>
/// </remarks>
public sealed class ScaleInvariantLogLoss : LossWeightingMethod
{
    private readonly Scalar floor;
    private readonly Scalar notANumber = double.NaN;
    private readonly Scalar zero = 0.0;
    private Scalar[] declared = [];
    private Tensor? reported;
    private Tensor[] reportedSlots = [];

    /// <summary>The scale-invariant log loss with losses floored at <paramref name="floor"/> (finite, positive) before the logarithm.</summary>
    public ScaleInvariantLogLoss(double floor = 1e-8)
    {
        if (!double.IsFinite(floor) || floor <= 0) throw new ArgumentOutOfRangeException(nameof(floor), floor, "The floor is a finite positive number.");
        Floor = floor;
        this.floor = floor;
    }

    /// <summary>The floor ε: a loss below it counts as ε, with weight 0.</summary>
    public double Floor { get; }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        declared = new Scalar[context.LossCount];
        for (var i = 0; i < declared.Length; i++) declared[i] = context.DeclaredWeights[i];
        reportedSlots = new Tensor[context.LossCount];
        using (torch.NewDisposeScope())
        {
            reported = torch.full(context.LossCount, double.NaN, dtype: context.DType, device: context.Device).DetachFromDisposeScope();
            for (var i = 0; i < reportedSlots.Length; i++) reportedSlots[i] = reported[i].DetachFromDisposeScope();
        }
    }

    /// <summary>Σ w_i·log max(L_i, ε) over the losses that are not null; records each one's weight w_i/L_i (0 below ε).</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss)
            {
                using (torch.no_grad()) reportedSlots[i].fill_(notANumber);
                continue;
            }
            using var clamped = loss.clamp_min(floor);
            using (torch.no_grad())
            {
                using var weight = clamped.reciprocal();
                weight.mul_(declared[i]);
                using var below = loss.lt(floor);
                weight.masked_fill_(below, zero);
                reportedSlots[i].copy_(weight);
            }
            using var log = clamped.log();
            if (total is null)
            {
                total = log.mul(declared[i]);
                continue;
            }
            total.add_(log, declared[i]);
        }
        return total ?? throw new ArgumentException("At least one loss is active in a step.", nameof(losses));
    }

    /// <summary>w_i / L_i of the latest <see cref="Combine"/> (0 for a loss below the floor; NaN if the loss was not active or before the first).</summary>
    public override Tensor EffectiveWeight(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        return reportedSlots[i];
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            TensorArrays.DisposeAll(reportedSlots);
            reported?.Dispose();
            foreach (var scalar in declared) scalar.Dispose();
            floor.Dispose();
            notANumber.Dispose();
            zero.Dispose();
        }
        base.Dispose(disposing);
    }
}
