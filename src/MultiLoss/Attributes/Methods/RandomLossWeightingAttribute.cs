using MultiLoss.Methods;

namespace MultiLoss;

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
