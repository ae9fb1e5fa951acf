using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// PCGrad, gradient surgery (Yu et al. 2020): each loss's gradient of the shared parameters is projected off every other
/// loss's gradient it conflicts with (in a random order), and the projections are summed.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class PCGradAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The seed of the random projection orders (default 0).</summary>
    public long Seed { get; set; }

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new PCGrad(unchecked((ulong)Seed));
}
