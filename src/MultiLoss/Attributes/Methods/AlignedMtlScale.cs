namespace MultiLoss;

/// <summary>Which eigenvalue of the Gramian sets the size of Aligned-MTL's aligned gradients.</summary>
public enum AlignedMtlScale
{
    /// <summary>The smallest eigenvalue kept: the paper's Algorithm 1, and LibMTL's and torchjd's default.</summary>
    Min = 0,

    /// <summary>The median of the eigenvalues kept (the lower of the two middle ones for an even count, as <c>torch.median</c>).</summary>
    Median = 1,

    /// <summary>The mean of the eigenvalues kept (torchjd's <c>"rmse"</c>, which its documentation gives as the original code's).</summary>
    Mean = 2,
}
