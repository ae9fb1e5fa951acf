using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// MoCo (Fernando et al. 2023): each loss's gradient of the shared parameters is tracked by a moving average y_i with
/// step β/t^σ_β; weights λ on the simplex take a projected step γ/t^σ_γ against (Y·Yᵀ + ρ·I)·λ; the gradient is
/// Σ λ_i·y_i. The tracked gradients, λ and the step count are saved with the trainer's state.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresParameterGradients]
[RequiresLossCount(2)]
public sealed class MoCoAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The tracking step size β (default 0.5): y_i ← y_i − β/t^σ_β·(y_i − g_i).</summary>
    [GreaterThan(0), AtMost(1)]
    public double Beta { get; set; } = 0.5;

    /// <summary>The decay σ_β of the tracking step size (default 0.5).</summary>
    [AtLeast(0)]
    public double BetaDecay { get; set; } = 0.5;

    /// <summary>The weights' step size γ (default 0.1).</summary>
    [GreaterThan(0)]
    public double Gamma { get; set; } = 0.1;

    /// <summary>The decay σ_γ of the weights' step size (default 0.5).</summary>
    [AtLeast(0)]
    public double GammaDecay { get; set; } = 0.5;

    /// <summary>The regularisation ρ of the weights' step (default 0).</summary>
    [AtLeast(0)]
    public double Rho { get; set; }

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new MoCo(Beta, BetaDecay, Gamma, GammaDecay, Rho);
}
