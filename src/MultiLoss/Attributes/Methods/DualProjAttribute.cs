using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// DualProj (torchjd; the projection of Lopez-Paz &amp; Ranzato 2017): the mean of the losses' gradients projected onto
/// their dual cone, the nearest direction to the mean that conflicts with no loss.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class DualProjAttribute : GradientAggregationMethodAttribute
{
    /// <summary>ε added to the diagonal of the trace-normalised Gramian (default 0, the exact projection; torchjd's default is 0.0001).</summary>
    [AtLeast(0)]
    public double Regularization { get; set; }

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new DualProj(Regularization);
}
