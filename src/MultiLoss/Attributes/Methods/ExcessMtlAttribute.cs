using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// ExcessMTL (He et al. 2024): task weights α_i, updated each step by α_i ← α_i·exp(η·r_i) and renormalised to sum to the
/// number of losses, where r_i is loss i's excess risk estimated from its gradient of the shared parameters (the
/// <c>[SharedLayer]</c>'s, or the model's), relative to the first step's; the total is Σ α_i·w_i·L_i. A step's weights
/// come from the step before's gradients.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class ExcessMtlAttribute : LossWeightingMethodAttribute
{
    /// <summary>The step size η of the weights' update (default 0.01, LibMTL's).</summary>
    [GreaterThan(0)]
    public double StepSize { get; set; } = 1e-2;

    /// <inheritdoc />
    public override LossWeightingMethod Create() => new ExcessMtl(StepSize);
}
