using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// The scale-invariant log loss: total = Σ w_i·log L_i, so each loss's effective weight is w_i / L_i and a loss's scale
/// does not matter. A loss below <see cref="Floor"/> counts as the floor, with weight 0.
/// </summary>
public sealed class ScaleInvariantLogLossAttribute : LossWeightingMethodAttribute
{
    /// <summary>The floor ε (default 1e-8) a loss is raised to before the logarithm.</summary>
    [GreaterThan(0)]
    public double Floor { get; set; } = 1e-8;

    /// <inheritdoc />
    public override LossWeightingMethod Create() => new ScaleInvariantLogLoss(Floor);
}
