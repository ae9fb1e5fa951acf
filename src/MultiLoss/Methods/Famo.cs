using System;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// FAMO, fast adaptive multitask optimization (Liu, Liu, Jiang, Stone &amp; Liu, NeurIPS 2023): task logits ξ, weights
/// z = softmax(ξ), and the total Σ_i z_i·w_i·log(L_i + ε) / c with c = Σ_i z_i·w_i / (L_i + ε) (no gradient), so that
/// loss i's gradient is weighted by z_i·w_i / (c·(L_i + ε)). After each optimizer step the losses are computed again on
/// the same batch; with δ_i = log(L_i + ε) − log(L_i' + ε), how much each loss fell, the logits take one Adam step whose
/// gradient is ∂(zᵀδ)/∂ξ = z ∘ (δ − zᵀδ): the losses that fell most lose weight, those that fell least gain it.
/// </summary>
/// <remarks>
/// <para>As in the paper and LibMTL, the logits have an Adam of their own (learning rate α, default 0.025, L2 weight
/// decay γ, default 0.001), not the model's optimizer, and start at 0 (equal weights). The losses' lower bounds are 0
/// (LibMTL keeps them at 0 too); ε = 1e-8. The declared weights w_i scale each loss's share; with every w_i = 1 this is
/// FAMO as published.</para>
/// <para>The losses after the step come from the generated step (<see cref="RequiresLossesAfterStepAttribute"/>): one more
/// forward pass per optimizer step, without a backward pass. The logits' update runs on the device: no host read.</para>
/// </remarks>
public sealed class Famo : LossWeightingMethod
{
    /// <inheritdoc />
    protected override string DisplayName => "FAMO";

    private const double Epsilon = 1e-8;
    private readonly double learningRate;
    private readonly double weightDecay;
    private Parameter? logits;
    private OptimizerHelper? optimizer;
    private Tensor declared = null!;
    private Tensor before = null!;
    private Tensor active = null!;
    private Tensor[] beforeSlots = [];
    private Tensor[] activeSlots = [];

    /// <summary>FAMO whose logits learn with rate <paramref name="learningRate"/> and weight decay <paramref name="weightDecay"/>.</summary>
    public Famo(double learningRate = 0.025, double weightDecay = 1e-3)
    {
        this.learningRate = FinitePositive(learningRate, "The logits' learning rate is a finite positive number.");
        this.weightDecay = FiniteNotNegative(weightDecay, "The logits' weight decay is a finite number ≥ 0.");
    }

    /// <summary>The task logits ξ (shape [K], 0 at the start); z = softmax(ξ).</summary>
    public Parameter Logits => Initialized(logits);

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        logits = new Parameter(torch.zeros(count, dtype: context.DType, device: context.Device), requires_grad: true);
        SavedTensor("Logits", logits);
        optimizer = SavedOptimizer("LogitsOptimizer", new Adam([logits], learningRate, weight_decay: weightDecay));
        declared = Keep(torch.tensor(context.DeclaredWeights.ToArray(), dtype: context.DType, device: context.Device));
        before = Keep(torch.zeros(count, dtype: context.DType, device: context.Device));
        active = Keep(torch.zeros(count, dtype: context.DType, device: context.Device));
        beforeSlots = KeepElements(before);
        activeSlots = KeepElements(active);
    }

    /// <inheritdoc />
    protected override bool TakesLogarithms => true;

    /// <summary>The total of the class summary; records each active loss's weight z_i·w_i / (c·(L_i + ε)) (NaN for a loss that is not active).</summary>
    public override Tensor Combine(ReadOnlySpan<Tensor?> losses)
    {
        using var scope = torch.NewDisposeScope();
        ReportedWeights.fill_(Scalars.NaN);
        var epsilon = Constant(Epsilon);
        // z_i·w_i, and c = Σ z_i·w_i / (L_i + ε) over the active losses, without a graph.
        var shares = Logits.detach().softmax(0).mul_(declared);
        Tensor? normalizer = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            var part = shares[i].div(loss.detach().add(epsilon));
            normalizer = normalizer is null ? part : normalizer.add_(part);
        }
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            var weight = shares[i].div(normalizer!);
            var term = loss.add(epsilon).log().mul(weight);
            total = total is null ? term : total.add_(term);
            // The weight of L_i's gradient: z_i·w_i / (c·(L_i + ε)).
            ReportedWeight(i).copy_(weight.div(loss.detach().add(epsilon)));
        }
        return total!.MoveToOuterDisposeScope();
    }

    /// <summary>Keeps this step's losses (before the optimizer step) and which were active.</summary>
    protected override void OnObserve(ReadOnlySpan<Tensor?> losses)
    {
        using var _ = torch.no_grad();
        for (var i = 0; i < losses.Length; i++)
        {
            activeSlots[i].fill_(Constant(losses[i] is null ? 0 : 1));
            if (losses[i] is { } loss) beforeSlots[i].copy_(loss);
        }
    }

    /// <summary>
    /// One Adam step of the logits from how much each active loss fell: δ_i = log(L_i + ε) − log(L_i' + ε) (0 for a
    /// loss that was not active), gradient ∂(zᵀδ)/∂ξ = z ∘ (δ − zᵀδ).
    /// </summary>
    protected override void OnAfterStep(ReadOnlySpan<Tensor?> lossesAfterStep)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var after = before.clone();
        for (var i = 0; i < lossesAfterStep.Length; i++)
        {
            if (lossesAfterStep[i] is { } loss) after[i].copy_(loss);
        }
        var fell = before.add(Constant(Epsilon)).log_().sub_(after.add_(Constant(Epsilon)).log_()).mul_(active);
        var z = Logits.softmax(0);
        var mean = z.dot(fell);
        Logits.grad = z.mul(fell.sub_(mean));
        optimizer!.step();
        Logits.grad = null;
    }
}
