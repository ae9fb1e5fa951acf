using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using MultiLoss;

namespace Digits.Strategies;

/// <summary>
/// Every strategy the example knows, by its command-line name. Adding one is one line in
/// <see cref="Available"/> (and dropping it from <see cref="Planned"/>, if it was there).
/// </summary>
public static class StrategyRegistry
{
    /// <summary>The <c>--strategy</c> value that runs every available strategy.</summary>
    public const string AllName = "all";

    public static IReadOnlyList<Strategy> Available { get; } =
    [
        new("weighted", "one backward of 1.0·classification + 0.5·reconstruction", (net, optimizer, _) => new WeightedTrainer(net, optimizer)),
        new("sum", "one backward of classification + reconstruction", (net, optimizer, _) => new SumTrainer(net, optimizer)),
        new("separate", "1.0·classification and 0.5·reconstruction declared with a backward each, run as one backward of their sum", (net, optimizer, _) => new SeparateTrainer(net, optimizer)),
        new("gated", string.Create(CultureInfo.InvariantCulture, $"1.0·classification, joined by 0.5·reconstruction in steps where classification < {GatedTrainer.Threshold}"), (net, optimizer, _) => new GatedTrainer(net, optimizer)),
        new("phased", "0.5·reconstruction alone for the first quarter of the steps, then both (separate backward, run as one backward of their sum)", (net, optimizer, totalSteps) => new PhasedTrainer(net, optimizer, totalSteps)),
        new("uncertainty", "one backward of Σ ½·e^(−s_i)·loss_i + ½·s_i, learnable log-variances s_i (Kendall et al. 2018)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new UncertaintyWeightingAttribute())),
        new("dwa", "one backward of λ_c·classification + λ_r·reconstruction; λ = 1 for two epochs, then 2·softmax(r/2), r_i = loss i's last epoch mean over the one before (Liu et al. 2019)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new DynamicWeightAverageAttribute())),
        new("gradnorm", "one backward of w_c·classification + w_r·reconstruction, w learned to balance the gradient norms at the shared body, α = 1.5 (Chen et al. 2018)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new GradNormAttribute())),
        new("pcgrad", "1.0·classification and 0.5·reconstruction, conflicting gradients at the shared body projected apart before summing (Yu et al. 2020)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new PCGradAttribute())),
        new("rlw", "one backward of λ_c·classification + λ_r·reconstruction, λ = softmax(z) with z ~ N(0, I) drawn every step (random loss weighting, Lin et al. 2022)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new RandomLossWeightingAttribute())),
        new("famo", "one backward of the losses weighted by softmax(ξ); after each step the task logits ξ learn from how much each loss fell on the batch, one more forward pass, α = 0.025, γ = 0.001 (FAMO, Liu et al. 2023)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new FamoAttribute())),
        new("gls", "one backward of the geometric mean √(classification·reconstruction) (geometric loss strategy, Chennupati et al. 2019)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new GeometricLossStrategyAttribute())),
        new("stch", "log classification + log reconstruction for 5 warm-up epochs, then 2·μ·log Σ exp((log L_i − log z_i)/μ), μ = 1, z_i loss i's mean over the 5th epoch (smooth Tchebycheff, Lin et al. 2024)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new SmoothTchebycheffAttribute())),
        new("imtl-l", "one backward of Σ e^(s_i)·loss_i − s_i, learnable scales s_i starting at 0 (IMTL-L, Liu et al. 2021)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new ImpartialLossScalingAttribute())),
        new("log-losses", "one backward of log classification + log reconstruction, weights 1/L_i (the scale-invariant log loss, Navon et al. 2022)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new ScaleInvariantLogLossAttribute())),
        new("excessmtl", "one backward of α_c·classification + α_r·reconstruction; α_i ← α_i·exp(0.01·r_i), summing to 2, r_i the excess risk estimated from loss i's gradient at the shared body (ExcessMTL, He et al. 2024)", (net, optimizer, _) => new WeightingTrainer(net, optimizer, new ExcessMtlAttribute())),
        new("mgda", "1.0·classification and 0.5·reconstruction; the shared body gets the min-norm point of the convex hull of their gradients, the heads the weighted sum's (MGDA, Sener & Koltun 2018)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new MgdaAttribute())),
        new("upgrad", "1.0·classification and 0.5·reconstruction; the shared body gets the mean of their gradients each projected onto the dual cone of both, the heads the weighted sum's (UPGrad, Quinton & Rey 2024)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new UPGradAttribute())),
        new("dualproj", "1.0·classification and 0.5·reconstruction; the shared body gets the mean of their gradients projected onto their dual cone, the heads the weighted sum's (DualProj, after Lopez-Paz & Ranzato 2017)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new DualProjAttribute())),
        new("cagrad", "1.0·classification and 0.5·reconstruction; the shared body gets the direction within 0.5·‖g0‖ of their mean gradient g0 that maximises the smaller improvement, the heads the weighted sum's (CAGrad, Liu et al. 2021)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new CAGradAttribute())),
        new("imtl-g", "1.0·classification and 0.5·reconstruction; the shared body gets Σ α_i·g_i, Σ α_i = 1, with equal projections on both unit gradients, the heads the weighted sum's (IMTL-G, Liu et al. 2021)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new ImtlGAttribute())),
        new("nashmtl", "1.0·classification and 0.5·reconstruction; the shared body gets Σ α_i·g_i with α ∘ (G·α) = 1, norm clipped to 1, the heads the weighted sum's (Nash-MTL, Navon et al. 2022)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new NashMtlAttribute())),
        new("alignedmtl", "1.0·classification and 0.5·reconstruction; the shared body gets their gradients made orthogonal and of one size, summed, the heads the weighted sum's (Aligned-MTL, Senushkin et al. 2023)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new AlignedMtlAttribute())),
        new("config", "1.0·classification and 0.5·reconstruction; the shared body gets the direction of equal cosines to both gradients, scaled by the sum of their projections on it, the heads the weighted sum's (ConFIG, Liu et al. 2025)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new ConFigAttribute())),
        new("gradvac", "1.0·classification and 0.5·reconstruction; at the shared body each gradient is adjusted towards the other until their cosine reaches a moving-average target (β = 0.01), then summed; the heads get the weighted sum's (GradVac, Wang et al. 2021)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new GradVacAttribute())),
        new("upgrad-features", "as upgrad, but on the gradients of the body's output (representation mode): one backward per loss through its head, the coefficients from the gradients summed over the batch, one backward through the body (UPGrad, Quinton & Rey 2024)", (net, optimizer, _) => new RepresentationTrainer(net, optimizer, new UPGradAttribute())),
        new("graddrop", "1.0·classification and 0.5·reconstruction; at each output feature of the body only one sign of gradient survives, positive with probability the share of positive gradient there, the heads the weighted sum's; no effective weights (GradDrop, Chen et al. 2020)", (net, optimizer, _) => new RepresentationTrainer(net, optimizer, new GradDropAttribute())),
        new("moco", "1.0·classification and 0.5·reconstruction; the shared body gets Σ λ_i·y_i, y_i moving averages of the gradients, λ on the simplex stepped against (Y·Yᵀ)·λ, the heads the weighted sum's; no effective weights (MoCo, Fernando et al. 2023)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new MoCoAttribute())),
        new("dbmtl", "log(classification + 1e-8) and log(reconstruction + 1e-8); the shared body gets their gradients' moving averages (β = 0.9) each scaled to the largest norm and summed, the heads the sum's; no effective weights (DB-MTL, Lin et al. 2023)", (net, optimizer, _) => new LogLossAggregationTrainer(net, optimizer, new DBMtlAttribute())),
        new("fairgrad", "1.0·classification and 0.5·reconstruction; the shared body gets Σ ω_i·g_i with G·ω = ω^(−1/α), α = 1, the heads the weighted sum's (FairGrad, Ban & Ji 2024)", (net, optimizer, _) => new AggregationTrainer(net, optimizer, new FairGradAttribute())),
    ];

    /// <summary>Strategies the example will offer once the generator supports them; asking for one explains that. None at the moment.</summary>
    public static IReadOnlyList<PlannedStrategy> Planned { get; } = [];

    /// <summary>Resolves a <c>--strategy</c> value: one strategy's name, or <see cref="AllName"/> for every available one.</summary>
    /// <param name="problem">When it fails: one sentence saying what is wrong and what to pass instead.</param>
    public static bool TryResolve(string name, [NotNullWhen(true)] out IReadOnlyList<Strategy>? strategies, [NotNullWhen(false)] out string? problem) =>
        TryResolve(name, Available, Planned, out strategies, out problem);

    /// <summary><see cref="TryResolve(string, out IReadOnlyList{Strategy}?, out string?)"/> over given lists (for tests).</summary>
    internal static bool TryResolve(
        string name, IReadOnlyList<Strategy> available, IReadOnlyList<PlannedStrategy> planned,
        [NotNullWhen(true)] out IReadOnlyList<Strategy>? strategies, [NotNullWhen(false)] out string? problem)
    {
        strategies = null;
        problem = null;
        if (Matches(AllName, name))
        {
            strategies = available;
            return true;
        }
        if (available.FirstOrDefault(s => Matches(s.Name, name)) is { } strategy)
        {
            strategies = [strategy];
            return true;
        }
        var choices = string.Join(", ", available.Select(s => s.Name).Append(AllName));
        problem = planned.FirstOrDefault(s => Matches(s.Name, name)) is { } plannedStrategy
            ? $"strategy '{plannedStrategy.Name}' ({plannedStrategy.Description}) is not available yet; use one of: {choices}"
            : $"unknown strategy '{name}'; use one of: {choices}";
        return false;
    }

    private static bool Matches(string strategyName, string asked) => string.Equals(strategyName, asked, StringComparison.OrdinalIgnoreCase);
}
