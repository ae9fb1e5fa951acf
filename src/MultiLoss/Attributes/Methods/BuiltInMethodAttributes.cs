using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// Uncertainty weighting (Kendall, Gal &amp; Cipolla 2018): a learnable s_i = log σ_i² per loss, starting at 0; the total
/// is Σ ½·e^(−s_i)·w_i·L_i + ½·s_i. The s_i are trained with the options of the trainer's optimizer.
/// </summary>
public sealed class UncertaintyWeightingAttribute : LossWeightingMethodAttribute
{
    /// <inheritdoc />
    public override LossWeightingMethod Create() => new UncertaintyWeighting();
}

/// <summary>
/// Dynamic weight average (Liu, Johns &amp; Davison 2019): λ_i = K·softmax(r/T)_i with r_i the ratio of the last two
/// epochs' mean losses, λ = 1 for the first two epochs; call the trainer's <c>EndEpoch()</c> at the end of each epoch.
/// </summary>
[RequiresLossCount(2), RequiresEndEpoch]
public sealed class DynamicWeightAverageAttribute : LossWeightingMethodAttribute
{
    /// <summary>The temperature T (default 2): larger spreads the weights less.</summary>
    [GreaterThan(0)]
    public double Temperature { get; set; } = 2.0;

    /// <inheritdoc />
    public override LossWeightingMethod Create() => new DynamicWeightAverage(Temperature);
}

/// <summary>
/// GradNorm (Chen et al. 2018): weights trained so that each weighted loss's gradient norm at the <c>[SharedLayer]</c>
/// tracks the mean norm × r_i^α (r_i the relative inverse training rate), renormalised to sum to the number of losses.
/// </summary>
[RequiresSharedLayer]
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class GradNormAttribute : LossWeightingMethodAttribute
{
    /// <summary>The asymmetry α (default 1.5): larger pulls the losses' training rates together harder.</summary>
    [AtLeast(0)]
    public double Alpha { get; set; } = 1.5;

    /// <inheritdoc />
    public override LossWeightingMethod Create() => new GradNorm(Alpha);
}

/// <summary>
/// PCGrad, gradient surgery (Yu et al. 2020): each loss's gradient of the shared parameters is projected off every other
/// loss's gradient it conflicts with (in a random order), and the projections are summed.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class PCGradAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The seed of the random projection orders (default 0).</summary>
    public long Seed { get; set; }

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new PCGrad(unchecked((ulong)Seed));
}

/// <summary>
/// Random loss weighting (Lin et al., TMLR 2022): each step the losses are weighted by softmax(z), z ~ N(0, I), times
/// their declared weights; the draws are seeded and resume exactly.
/// </summary>
[RequiresLossCount(2)]
public sealed class RandomLossWeightingAttribute : LossWeightingMethodAttribute
{
    /// <summary>The seed of the draws (default 0).</summary>
    public long Seed { get; set; }

    /// <inheritdoc />
    public override LossWeightingMethod Create() => new RandomLossWeighting(unchecked((ulong)Seed));
}
