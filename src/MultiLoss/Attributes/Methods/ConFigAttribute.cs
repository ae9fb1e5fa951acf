using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// ConFIG (Liu, Chu &amp; Thuerey, ICLR 2025): the direction with the same inner product with every loss's unit gradient
/// (the pseudo-inverse of the unit gradients), scaled by the sum of the gradients' projections on it (see
/// <see cref="Methods.ConFig"/>).
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class ConFigAttribute : GradientAggregationMethodAttribute
{
    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new Methods.ConFig();
}
