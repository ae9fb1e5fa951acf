using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// FAMO (Liu et al., NeurIPS 2023): loss weights from task logits that learn, after each optimizer step, from how much
/// each loss fell on the same batch; one more forward pass per step, without a backward pass.
/// </summary>
[RequiresLossesAfterStep]
[RequiresLossCount(2)]
public sealed class FamoAttribute : LossWeightingMethodAttribute
{
    /// <summary>The logits' learning rate α (default 0.025).</summary>
    [GreaterThan(0)]
    public double LearningRate { get; set; } = 0.025;

    /// <summary>The logits' weight decay γ (default 0.001).</summary>
    [AtLeast(0)]
    public double WeightDecay { get; set; } = 1e-3;

    /// <inheritdoc />
    public override LossWeightingMethod Create() => new Famo(LearningRate, WeightDecay);
}
