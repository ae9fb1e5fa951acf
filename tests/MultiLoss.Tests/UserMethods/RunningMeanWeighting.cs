using System;
using MultiLoss;
using MultiLoss.Weighting;
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
    private Tensor? means;
    private Tensor[] meanSlots = [];
    private bool[] seen = [];
    private Scalar[] declared = [];
    private readonly Scalar beta = beta;
    private readonly Scalar rest = 1.0 - beta;

    protected override void OnInitialize(MethodContext context)
    {
        means = torch.ones(context.LossCount, dtype: context.DType, device: context.Device);
        meanSlots = new Tensor[context.LossCount];
        for (var i = 0; i < meanSlots.Length; i++) meanSlots[i] = means[i];
        seen = new bool[context.LossCount];
        declared = new Scalar[context.LossCount];
        for (var i = 0; i < declared.Length; i++) declared[i] = context.DeclaredWeights[i];
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
        return meanSlots[i].reciprocal().mul_(declared[i]);
    }

    public override void Observe(ReadOnlySpan<Tensor?> losses)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            if (seen[i]) meanSlots[i].mul_(beta).add_(loss, rest);
            else meanSlots[i].copy_(loss);
            seen[i] = true;
        }
    }

    protected override void OnSaveState(MethodState state)
    {
        var values = new double[2 * seen.Length];
        using var onHost = means!.to(ScalarType.Float64, CPU);
        var host = onHost.data<double>();
        for (var i = 0; i < seen.Length; i++)
        {
            values[i] = host[i];
            values[seen.Length + i] = seen[i] ? 1 : 0;
        }
        state.SetValues("Means", values);
    }

    protected override void OnRestoreState(MethodState state)
    {
        var values = state.GetValues("Means");
        using var _ = torch.no_grad();
        using var saved = torch.tensor(values[..seen.Length], dtype: means!.dtype, device: means.device);
        means.copy_(saved);
        for (var i = 0; i < seen.Length; i++) seen[i] = values[seen.Length + i] != 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var slot in meanSlots) slot.Dispose();
            means?.Dispose();
            foreach (var scalar in declared) scalar.Dispose();
            beta.Dispose();
            rest.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>How a trainer declares <see cref="RunningMeanWeighting"/>: β is checked at compile time to lie in [0, 1).</summary>
public sealed class RunningMeanWeightingAttribute : LossWeightingMethodAttribute
{
    [AtLeast(0), LessThan(1)]
    public double Beta { get; set; } = 0.9;

    public override LossWeightingMethod Create() => new RunningMeanWeighting(Beta);
}
