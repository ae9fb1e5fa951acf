using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

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
/// No state and no learnable weights; nothing is read on the host. The effective weights are written into a buffer the
/// method owns.</para>
/// </remarks>
public sealed class GeometricLossStrategy : LossWeightingMethod
{
    private readonly Scalar floor;
    private readonly Scalar notANumber = double.NaN;
    private readonly Scalar zero = 0.0;
    private double[] declaredValues = [];
    private Scalar[] declared = [];
    private Tensor?[] clamped = [];
    private Tensor? reported;
    private Tensor[] reportedSlots = [];

    /// <summary>GLS with losses floored at <paramref name="floor"/> (finite, positive) before the logarithm.</summary>
    public GeometricLossStrategy(double floor = 1e-8)
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
        declaredValues = context.DeclaredWeights.ToArray();
        declared = new Scalar[context.LossCount];
        for (var i = 0; i < declared.Length; i++) declared[i] = declaredValues[i];
        clamped = new Tensor?[context.LossCount];
        reportedSlots = new Tensor[context.LossCount];
        using (torch.NewDisposeScope())
        {
            reported = torch.full(context.LossCount, double.NaN, dtype: context.DType, device: context.Device).DetachFromDisposeScope();
            for (var i = 0; i < reportedSlots.Length; i++) reportedSlots[i] = reported[i].DetachFromDisposeScope();
        }
    }

    /// <summary>
    /// exp(Σ w_i·log max(L_i, ε) / W) over the losses that are not null, W the sum of their declared weights; records each
    /// one's weight G·w_i/(W·L_i) (0 below ε).
    /// </summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        var weightSum = 0.0;
        Tensor? first = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            first ??= loss;
            weightSum += declaredValues[i];
        }
        if (first is null) throw new ArgumentException("At least one loss is active in a step.", nameof(losses));
        try
        {
            if (weightSum == 0) return ZeroTotal(losses, first);
            Tensor? exponent = null;
            for (var i = 0; i < losses.Length; i++)
            {
                if (losses[i] is not { } loss) continue;
                var floored = loss.clamp_min(floor);
                clamped[i] = floored;
                using var log = floored.log();
                if (exponent is null) exponent = log.mul(declared[i]);
                else exponent.add_(log, declared[i]);
            }
            using var inverse = (1.0 / weightSum).ToScalar();
            exponent!.mul_(inverse);
            var total = exponent.exp();
            exponent.Dispose();
            Report(losses, total, inverse);
            return total;
        }
        finally
        {
            for (var i = 0; i < clamped.Length; i++)
            {
                clamped[i]?.Dispose();
                clamped[i] = null;
            }
        }
    }

    private void Report(ReadOnlySpan<Tensor?> losses, Tensor total, Scalar inverse)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss)
            {
                reportedSlots[i].fill_(notANumber);
                continue;
            }
            using var weight = clamped[i]!.reciprocal();
            weight.mul_(total).mul_(declared[i]).mul_(inverse);
            using var below = loss.lt(floor);
            weight.masked_fill_(below, zero);
            reportedSlots[i].copy_(weight);
        }
    }

    private Tensor ZeroTotal(ReadOnlySpan<Tensor?> losses, Tensor first)
    {
        using (torch.no_grad())
        {
            for (var i = 0; i < losses.Length; i++) reportedSlots[i].fill_(losses[i] is null ? notANumber : zero);
        }
        return first.mul(zero);
    }

    /// <summary>G·w_i/(W·L_i) of the latest <see cref="Combine"/> (0 below the floor; NaN if the loss was not active or before the first).</summary>
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
