using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// FairGrad (Ban &amp; Ji 2024): α-fair weights ω &gt; 0 solving G·ω = ω^(−1/α) over the Gramian G of the losses' gradients
/// of the shared parameters (on the host, in float64, by Newton's method), and the gradient Σ ω_i·g_i. Stateless.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class FairGradAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The fairness α in [0.01, 10] (default 1, proportional fairness): larger favours the slower losses more.</summary>
    [AtLeast(FairGrad.MinAlpha), AtMost(FairGrad.MaxAlpha)]
    public double Alpha { get; set; } = 1.0;

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new FairGrad(Alpha);
}
