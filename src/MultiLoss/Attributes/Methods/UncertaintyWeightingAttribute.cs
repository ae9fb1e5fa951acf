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
