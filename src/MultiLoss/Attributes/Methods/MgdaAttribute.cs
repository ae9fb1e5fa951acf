using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// MGDA (Sener &amp; Koltun 2018): the shared parameters' gradient is the point of the convex hull of the losses'
/// gradients nearest the origin (after the <see cref="Normalization"/>), found exactly; it conflicts with no loss.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class MgdaAttribute : GradientAggregationMethodAttribute
{
    /// <summary>How each gradient is normalised first (default <see cref="MgdaNormalization.None"/>).</summary>
    public MgdaNormalization Normalization { get; set; } = MgdaNormalization.None;

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new Mgda(Normalization);
}
