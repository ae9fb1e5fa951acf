namespace MultiLoss;

/// <summary>How the losses' gradients are combined.</summary>
public enum GradientAggregation
{
    /// <summary>The gradient of the weighted sum.</summary>
    Sum = 0,

    /// <summary>Yu et al. 2020: per-loss gradients of the shared parameters, each projected off the others it conflicts with.</summary>
    PCGrad = 1,
}
