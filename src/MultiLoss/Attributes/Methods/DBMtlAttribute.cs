using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// DB-MTL's gradient balancing (Lin et al. 2023): each loss's gradient of the shared parameters is averaged over steps
/// (ĝ_i ← β_t·ĝ_i + (1 − β_t)·g_i, β_t = β/t^σ), and the gradient is the sum of the averages, each scaled to the
/// largest norm. For DB-MTL's loss-scale balancing too, declare the losses as log L_i. The averages and the step count
/// are saved with the trainer's state.
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresParameterGradients]
[RequiresLossCount(2)]
public sealed class DBMtlAttribute : GradientAggregationMethodAttribute
{
    /// <summary>The averaging rate β (default 0.9): the weight of the previous average.</summary>
    [AtLeast(0), LessThan(1)]
    public double Beta { get; set; } = 0.9;

    /// <summary>The decay σ of the averaging rate, β_t = β/t^σ (default 0: constant).</summary>
    [AtLeast(0)]
    public double BetaDecay { get; set; }

    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new DBMtl(Beta, BetaDecay);
}
