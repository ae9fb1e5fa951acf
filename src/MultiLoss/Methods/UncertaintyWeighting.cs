using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// Homoscedastic uncertainty weighting (Kendall, Gal &amp; Cipolla 2018): a learnable s_i = log σ_i² per loss, starting
/// at 0, and the total Σ_i ½·exp(−s_i)·w_i·L_i + ½·s_i over the active losses, where w_i is the loss's declared weight.
/// The effective weight of loss i is ½·exp(−s_i)·w_i.
/// </summary>
/// <remarks>
/// The s_i are the learnable weights <c>LogVariances</c> (shape [K]), trained with the options of the trainer's optimizer.
/// ½·w_i·exp(−s_i) is computed as exp(log(½·w_i) − s_i), one tensor fewer per term; w_i = 0 gives a weight of 0. Per
/// active loss, a term costs a few small tensors, disposed within <see cref="Combine"/> but the first term, which
/// becomes the total; <see cref="EffectiveWeight"/> computes the weight again from s. Nothing is read on the host.
/// </remarks>
public sealed class UncertaintyWeighting : LossWeightingMethod
{
    private Parameter? logVariances;
    private Tensor?[] lastWeights = [];

    /// <summary>The learnable log-variances s (shape [K], 0 at the start). Change them only under <c>torch.no_grad()</c>.</summary>
    public Parameter LogVariances => Initialized(logVariances);

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        using var zeros = torch.zeros(context.LossCount);
        logVariances = AddLearnable("LogVariances", zeros);
        lastWeights = new Tensor?[context.LossCount];
    }

    /// <inheritdoc />
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            lastWeights[i] = null;
            if (losses[i] is not { } loss) continue;
            using var si = LogVariances[i];
            // Kept (in the caller's dispose scope) for EffectiveWeight: reading it costs no computation.
            var weight = lastWeights[i] = Weight(si, i);
            var term = weight.mul(loss).add_(si, Constant(0.5));
            if (total is null) total = term;
            else using (term) total.add_(term, Runtime.Scalars.One);
        }
        return total!;
    }

    /// <summary>½·exp(−s_i)·w_i: the weight the latest <see cref="Combine"/> used (from the current s before any).</summary>
    public override Tensor EffectiveWeight(int i)
    {
        if (lastWeights[CheckIndex(i)] is { IsInvalid: false } computed) return computed.detach();
        using var _ = torch.no_grad();
        using var si = LogVariances[i];
        return Weight(si, i);
    }

    /// <summary>½·w_i·exp(−s_i), as exp(log(½·w_i) − s_i).</summary>
    private Tensor Weight(Tensor si, int i)
    {
        using var exponent = si.neg();
        return exponent.add_(Constant(Math.Log(0.5 * Context.DeclaredWeights[i]))).exp();
    }
}
