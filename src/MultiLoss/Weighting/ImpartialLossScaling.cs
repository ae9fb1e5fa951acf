using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// IMTL-L, the loss balance of impartial multi-task learning (Liu et al. 2021): a learnable scale s_i per loss, starting
/// at 0, and the total Σ_i w_i·(e^(s_i)·L_i − s_i) over the active losses, where w_i is the loss's declared weight.
/// Minimising over s_i drives e^(s_i)·L_i towards 1, so every loss comes to count alike whatever its scale. The effective
/// weight of loss i is w_i·e^(s_i).
/// </summary>
/// <remarks>
/// <para>The s_i are the learnable weights <c>LossScales</c> (shape [K]), trained with the options of the trainer's
/// optimizer. The declared weight multiplies the whole term, so it scales s_i's gradient w_i·(e^(s_i)·L_i − 1) as well:
/// at the balance point e^(s_i)·L_i = 1 loss i still counts w_i times as much as a loss of weight 1. (Multiplying L_i
/// alone would only shift s_i by −log w_i and leave no trace at the balance point.) w_i = 0 leaves the loss and its
/// scale out.</para>
/// <para>Per active loss, a term costs a few small tensors in the caller's dispose scope; the weight computed for the
/// total is kept for <see cref="EffectiveWeight"/>. Nothing is read on the host.</para>
/// </remarks>
public sealed class ImpartialLossScaling : LossWeightingMethod
{
    private Parameter? scales;
    private Scalar[] declared = [];
    private Tensor?[] lastWeights = [];

    /// <summary>The learnable log-scales s (shape [K], 0 at the start). Change them only under <c>torch.no_grad()</c>.</summary>
    public Parameter LossScales => scales ?? throw new InvalidOperationException("ImpartialLossScaling is not initialized: call Initialize(context) first.");

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        using (var zeros = torch.zeros(context.LossCount)) scales = AddLearnable("LossScales", zeros);
        declared = new Scalar[context.LossCount];
        for (var i = 0; i < declared.Length; i++) declared[i] = context.DeclaredWeights[i];
        lastWeights = new Tensor?[context.LossCount];
    }

    /// <summary>Σ w_i·(e^(s_i)·L_i − s_i) over the losses that are not null.</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        ThrowIfDisposed();
        CheckCount(losses);
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            lastWeights[i] = null;
            if (losses[i] is not { } loss) continue;
            using var si = LossScales[i];
            using var scale = si.exp();
            var term = scale.mul(loss);
            term.sub_(si).mul_(declared[i]);
            lastWeights[i] = scale.mul(declared[i]);
            if (total is null)
            {
                total = term;
                continue;
            }
            total.add_(term, Runtime.Scalars.One);
            term.Dispose();
        }
        return total ?? throw new ArgumentException("At least one loss is active in a step.", nameof(losses));
    }

    /// <summary>w_i·e^(s_i) as the latest <see cref="Combine"/> used it, or from the current s outside a step.</summary>
    public override Tensor EffectiveWeight(int i)
    {
        ThrowIfDisposed();
        CheckIndex(i);
        if (lastWeights[i] is { IsInvalid: false } computed) return computed.detach();
        using var _ = torch.no_grad();
        using var si = LossScales[i];
        var weight = si.exp();
        return weight.mul_(declared[i]);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var scalar in declared) scalar.Dispose();
        }
        base.Dispose(disposing);
    }
}
