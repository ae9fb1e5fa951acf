using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// Homoscedastic uncertainty weighting (Kendall, Gal &amp; Cipolla 2018): a learnable s_i = log σ_i² per loss, starting
/// at 0, and the total Σ_i ½·exp(−s_i)·w_i·L_i + ½·s_i over the active losses, where w_i is the loss's declared weight.
/// The effective weight of loss i is ½·exp(−s_i)·w_i.
/// </summary>
/// <remarks>
/// The s_i are the learnable weights <c>LogVariances</c> (shape [K]), trained with the options of the trainer's optimizer.
/// ½·w_i·exp(−s_i) is computed as exp(log(½·w_i) − s_i), one tensor fewer per term; w_i = 0 gives a weight of 0. Per
/// active loss, a term costs four small tensors in the caller's dispose scope; the effective weight computed for the
/// total is kept for <see cref="EffectiveWeight"/>. Nothing is read on the host.
/// </remarks>
public sealed class UncertaintyWeighting : LossWeightingMethod
{
    private Parameter? logVariances;
    private Scalar[] logHalfWeights = [];
    private Tensor?[] lastWeights = [];
    private readonly Scalar half = 0.5;

    /// <summary>The learnable log-variances s (shape [K], 0 at the start). Change them only under <c>torch.no_grad()</c>.</summary>
    public Parameter LogVariances => logVariances ?? throw new InvalidOperationException("UncertaintyWeighting is not initialized: call Initialize(context) first.");

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        using (var zeros = torch.zeros(context.LossCount)) logVariances = AddLearnable("LogVariances", zeros);
        logHalfWeights = new Scalar[context.LossCount];
        for (var i = 0; i < logHalfWeights.Length; i++) logHalfWeights[i] = Math.Log(0.5 * context.DeclaredWeights[i]);
        lastWeights = new Tensor?[context.LossCount];
    }

    /// <inheritdoc />
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            lastWeights[i] = null;
            if (losses[i] is not { } loss) continue;
            using var si = LogVariances[i];
            using var exponent = si.neg();
            exponent.add_(logHalfWeights[i]);
            var weight = exponent.exp();
            lastWeights[i] = weight;
            if (total is null)
            {
                total = weight.mul(loss);
                total.add_(si, half);
                continue;
            }
            using var term = weight.mul(loss);
            term.add_(si, half);
            total.add_(term, Runtime.Scalars.One);
        }
        return total ?? throw new ArgumentException("At least one loss is active in a step.", nameof(losses));
    }

    /// <inheritdoc />
    public override Tensor EffectiveWeight(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        if (lastWeights[i] is { IsInvalid: false } computed) return computed.detach();
        using var _ = torch.no_grad();
        using var si = LogVariances[i];
        using var exponent = si.neg();
        exponent.add_(logHalfWeights[i]);
        return exponent.exp();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var scalar in logHalfWeights) scalar.Dispose();
            half.Dispose();
        }
        base.Dispose(disposing);
    }
}
