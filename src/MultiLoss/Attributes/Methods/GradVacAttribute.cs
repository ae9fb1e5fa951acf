using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// Gradient Vaccine, GradVac (Wang et al. 2021): each loss's gradient of the shared parameters is adjusted toward the
/// others, in a random order, until its cosine similarity with each reaches that pair's target (a moving average of the
/// similarities seen so far); the adjusted gradients are summed. The targets and the random state are saved with the
/// trainer's state.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class GradVacAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The moving-average rate β of the targets (default 0.01): φ̂ ← (1 − β)·φ̂ + β·φ.</summary>
    [AtLeast(0), AtMost(1)]
    public double Beta { get; set; } = 0.01;

    /// <summary>The seed of the random orders (default 0).</summary>
    public long Seed { get; set; }

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new GradVac(Beta, unchecked((ulong)Seed));
}
