namespace MultiLoss;

/// <summary>How the losses' weights are chosen during training.</summary>
public enum LossWeighting
{
    /// <summary>The declared weights, constant (or ramped by <c>WarmupSteps</c>).</summary>
    Fixed = 0,

    /// <summary>
    /// Kendall, Gal &amp; Cipolla 2018: a learnable log-variance s_i per loss; total = Σ ½·e^(−s_i)·w_i·L_i + ½·s_i. The s_i
    /// join the trainer's optimizer on the first step.
    /// </summary>
    Uncertainty = 1,

    /// <summary>
    /// Liu, Johns &amp; Davison 2019: λ_i = K·softmax(r/T)_i from the ratio of the last two epochs' mean losses; call
    /// <c>EndEpoch()</c> at the end of each epoch. λ = 1 for the first two epochs.
    /// </summary>
    DynamicWeightAverage = 2,

    /// <summary>Chen et al. 2018: weights trained to balance the gradient norms at the <c>[SharedLayer]</c>.</summary>
    GradNorm = 3,
}
