using MultiLoss.Methods;

namespace MultiLoss;

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
