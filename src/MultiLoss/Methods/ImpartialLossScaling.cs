using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

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
/// <para>Per active loss, a term costs a few small tensors, disposed within <see cref="Combine"/> but the first term,
/// which becomes the total; <see cref="EffectiveWeight"/> computes the weight again from s. Nothing is read on the host.</para>
/// </remarks>
public sealed class ImpartialLossScaling : LossWeightingMethod
{
    private Parameter? scales;

    /// <summary>The learnable log-scales s (shape [K], 0 at the start). Change them only under <c>torch.no_grad()</c>.</summary>
    public Parameter LossScales => Initialized(scales);

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        using var zeros = torch.zeros(context.LossCount);
        scales = AddLearnable("LossScales", zeros);
    }

    /// <summary>Σ w_i·(e^(s_i)·L_i − s_i) over the losses that are not null.</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            using var si = LossScales[i];
            using var scale = si.exp();
            var term = scale.mul(loss).sub_(si).mul_(DeclaredWeight(i));
            if (total is null) total = term;
            else using (term) total.add_(term, Runtime.Scalars.One);
        }
        return total!;
    }

    /// <summary>w_i·e^(s_i) from the current s: the weight the latest <see cref="Combine"/> used, until s is stepped.</summary>
    public override Tensor EffectiveWeight(int i)
    {
        using var _ = torch.no_grad();
        using var si = LossScales[CheckIndex(i)];
        return si.exp().mul_(DeclaredWeight(i));
    }
}
