using System;
using MultiLoss;
using MultiLoss.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests.UserMethods;

/// <summary>
/// A method written the way a user would, against the public contract only: each loss is divided by a running mean of
/// its own past values, m_i ← β·m_i + (1 − β)·L_i (m_i starts at the first value seen), so that losses of different
/// scales contribute alike: total = Σ_i w_i·L_i / m_i. Until a loss has been seen, m_i = 1.
/// </summary>
public sealed class RunningMeanWeighting(double beta) : LossWeightingMethod
{
    private Tensor[] meanSlots = [];
    private double[] seen = [];

    protected override void OnInitialize(MethodContext context)
    {
        var means = SavedTensor("Means", torch.ones(context.LossCount, dtype: context.DType, device: context.Device));
        meanSlots = KeepElements(means);
        seen = SavedValues("Seen", new double[context.LossCount]);
    }

    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            // A new tensor per loss: Observe changes the means in place before this step's backward pass.
            using var weight = EffectiveWeight(i);
            if (total is null) total = loss.mul(weight);
            else total.add_(loss.mul(weight));
        }
        return total!;
    }

    public override Tensor EffectiveWeight(int i)
    {
        using var _ = torch.no_grad();
        return meanSlots[i].reciprocal().mul_(Constant(Context.DeclaredWeights[i]));
    }

    protected override void OnObserve(ReadOnlySpan<Tensor?> losses)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            if (seen[i] != 0) meanSlots[i].mul_(Constant(beta)).add_(loss, Constant(1.0 - beta));
            else meanSlots[i].copy_(loss);
            seen[i] = 1;
        }
    }
}

/// <summary>How a trainer declares <see cref="RunningMeanWeighting"/>: β is checked at compile time to lie in [0, 1).</summary>
public sealed class RunningMeanWeightingAttribute : LossWeightingMethodAttribute
{
    [AtLeast(0), LessThan(1)]
    public double Beta { get; set; } = 0.9;

    public override LossWeightingMethod Create() => new RunningMeanWeighting(Beta);
}
