using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// The geometric loss strategy, GLS (Chennupati et al. 2019): the total is the geometric mean of the losses, weighted by
/// their declared weights as exponents (Π L_i^(w_i/Σw)); each loss's effective weight is ∂total/∂L_i. A loss below
/// <see cref="Floor"/> counts as the floor, with weight 0.
/// </summary>
[RequiresLossCount(2)]
public sealed class GeometricLossStrategyAttribute : LossWeightingMethodAttribute
{
    /// <summary>The floor ε (default 1e-8) a loss is raised to before the logarithm.</summary>
    [GreaterThan(0)]
    public double Floor { get; set; } = 1e-8;

    /// <inheritdoc />
    public override LossWeightingMethod Create() => new GeometricLossStrategy(Floor);
}
