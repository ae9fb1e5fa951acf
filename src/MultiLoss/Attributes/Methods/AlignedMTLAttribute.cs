using MultiLoss.Weighting;

namespace MultiLoss;

/// <summary>
/// Aligned-MTL (Senushkin et al., CVPR 2023): the losses' gradients made orthogonal and of one size through the
/// eigen-decomposition of their Gramian, then summed (see <see cref="Weighting.AlignedMTL"/>).
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class AlignedMTLAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The eigenvalue that sets the aligned gradients' size (default the smallest kept, as in the paper).</summary>
    public AlignedMTLScale Scale { get; set; } = AlignedMTLScale.Min;

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new Weighting.AlignedMTL(Scale);
}
