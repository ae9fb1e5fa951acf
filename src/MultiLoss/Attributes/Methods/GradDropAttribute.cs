using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// GradDrop, gradient sign dropout (Chen et al. 2020): at the representation named by the trainer's <c>[AggregateAt]</c>,
/// each feature keeps the losses' gradients of one sign only, positive with probability equal to the share of positive
/// gradient there; seeded, its random state saved with the trainer's state.
/// </summary>
[RequiresRepresentation]
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class GradDropAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The leak ℓ in [0, 1] (default 0): the share of each gradient that passes whatever its sign.</summary>
    [AtLeast(0), AtMost(1)]
    public double Leak { get; set; }

    /// <summary>The seed of the uniform draws (default 0).</summary>
    public long Seed { get; set; }

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new GradDrop(Leak, unchecked((ulong)Seed));
}
