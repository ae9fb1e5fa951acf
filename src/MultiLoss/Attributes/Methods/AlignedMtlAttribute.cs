using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// Aligned-MTL (Senushkin et al., CVPR 2023): the losses' gradients made orthogonal and of one size through the
/// eigen-decomposition of their Gramian, then summed (see <see cref="Methods.AlignedMtl"/>).
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class AlignedMtlAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The eigenvalue that sets the aligned gradients' size (default the smallest kept, as in the paper).</summary>
    public AlignedMtlScale Scale { get; set; } = AlignedMtlScale.Min;

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new Methods.AlignedMtl(Scale);
}
