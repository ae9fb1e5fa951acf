namespace MultiLoss;

/// <summary>What <see cref="CAGradAttribute"/> divides its direction by (LibMTL's and the authors' code's <c>rescale</c> 0, 1, 2).</summary>
public enum CAGradRescale
{
    /// <summary>Nothing: d as the paper's algorithm writes it (torchjd's choice).</summary>
    None = 0,

    /// <summary>1 + c² (LibMTL's default, and what the authors' NYUv2 and Cityscapes code uses).</summary>
    OnePlusCSquared = 1,

    /// <summary>1 + c.</summary>
    OnePlusC = 2,
}
