using MultiLoss.Methods;

namespace MultiLoss;

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
