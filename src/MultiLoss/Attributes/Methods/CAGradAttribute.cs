using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// CAGrad (Liu et al. 2021): the direction within c·‖g0‖ of the mean gradient g0 that maximises the smallest
/// improvement of any loss; with c ≥ 1 it conflicts with no loss, with c = 0 it is the mean gradient.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class CAGradAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The radius c of the ball around the mean gradient, in units of its norm (default 0.5, LibMTL's).</summary>
    [AtLeast(0)]
    public double C { get; set; } = 0.5;

    /// <summary>What the direction is divided by (default <see cref="CAGradRescale.None"/>).</summary>
    public CAGradRescale Rescale { get; set; } = CAGradRescale.None;

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new CAGrad(C, Rescale);
}
