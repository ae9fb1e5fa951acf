using MultiLoss.Methods;

namespace MultiLoss;

/// <summary>
/// IMTL-L, the loss balance of impartial multi-task learning (Liu et al. 2021): a learnable s_i per loss, starting at 0;
/// the total is Σ w_i·(e^(s_i)·L_i − s_i), which drives each scaled loss e^(s_i)·L_i towards 1. The s_i are trained with
/// the options of the trainer's optimizer.
/// </summary>
public sealed class ImpartialLossScalingAttribute : LossWeightingMethodAttribute
{
    /// <inheritdoc />
    public override LossWeightingMethod Create() => new ImpartialLossScaling();
}
