using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// UPGrad (Quinton &amp; Rey 2024): each loss's gradient is projected onto the dual cone of all of them (the directions
/// that conflict with none), and the shared parameters' gradient is the mean of the projections.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class UPGradAttribute : GradientAggregationMethodAttribute
{
    /// <summary>
    /// ε added to the diagonal of the trace-normalised Gramian (default 0, the exact projection; torchjd's default is
    /// 0.0001): the projection may then conflict by up to ε·v_j·‖J‖²_F.
    /// </summary>
    [AtLeast(0)]
    public double Regularization { get; set; }

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new UPGrad(Regularization);
}
