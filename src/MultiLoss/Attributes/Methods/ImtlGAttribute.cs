using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// IMTL-G (Liu et al., ICLR 2021): the gradient of the shared parameters is Σ α_i·g_i with Σ α_i = 1 and the same
/// projection on every loss's unit gradient, from the paper's closed form (see <see cref="Methods.ImtlG"/>).
/// </summary>
[RequiresEveryLossEveryStep]
[RequiresLossCount(2)]
public sealed class ImtlGAttribute : GradientAggregationMethodAttribute
{
    /// <inheritdoc />
    public override GradientAggregationMethod Create() => new Methods.ImtlG();
}
