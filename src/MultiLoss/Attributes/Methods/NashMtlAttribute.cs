using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// Nash-MTL (Navon et al., ICML 2022): weights α &gt; 0 with α ∘ (G·α) = 1 for the Gramian G of the losses' gradients,
/// found by Newton's method, and the gradient Σ α_i·g_i clipped to <see cref="MaxNorm"/> (see <see cref="Methods.NashMtl"/>).
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class NashMtlAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The largest norm of the shared parameters' gradient (default 1, as LibMTL's and torchjd's <c>max_norm</c>); 0 does not clip.</summary>
    [AtLeast(0)]
    public double MaxNorm { get; set; } = 1.0;

    /// <summary>How many steps one solution of the weights serves (default 1: every step), LibMTL's <c>update_weights_every</c>.</summary>
    [AtLeast(1)]
    public int UpdateWeightsEvery { get; set; } = 1;

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new Methods.NashMtl(MaxNorm, UpdateWeightsEvery);
}
