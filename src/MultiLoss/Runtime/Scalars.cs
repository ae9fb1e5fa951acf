using System.ComponentModel;
using TorchSharp;

namespace MultiLoss.Runtime;

/// <summary>
/// Scalars the generated code needs on every step, created once. TorchSharp's <c>add(tensor)</c> converts its implicit
/// alpha of 1 into a new finalizable <c>Scalar</c> on each call; passing <see cref="One"/> avoids that.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Scalars
{
    /// <summary>The scalar 1.</summary>
    public static readonly Scalar One = 1.0;

    /// <summary>The scalar 0, for <c>fill_</c>: TorchSharp 0.107's <c>zero_()</c> returns a new wrapper that stays alive unless disposed.</summary>
    public static readonly Scalar Zero = 0.0;

    /// <summary>NaN, for filling values that are not defined.</summary>
    public static readonly Scalar NaN = double.NaN;
}
