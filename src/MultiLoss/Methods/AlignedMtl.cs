using System;
using MultiLoss.Methods.Solvers;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// Aligned-MTL (Senushkin, Patakin, Kuznetsov &amp; Konushin, CVPR 2023): the losses' gradients are replaced by
/// orthogonal gradients of one common size — the linear system of gradients made perfectly conditioned — and summed.
/// From the eigen-decomposition G = V·Λ·Vᵀ of the Gramian G = J·Jᵀ, B = √λ_s·V·Λ^(−½)·Vᵀ over the R eigenvalues kept,
/// with λ_s the smallest of them by default (<see cref="AlignedMtlScale"/>); the aggregated gradient is Jᵀ·B·1 =
/// Σ α_i·g_i with α = B·1.
/// </summary>
/// <remarks>
/// <para>The rows of B·J are orthogonal with norm √λ_s each (when G has full rank, B·G·B = λ_s·I). Eigenvalues at most
/// λ_max·K·ε (ε the machine epsilon of the gradients' dtype: LibMTL and torchjd use float32's, 1.19e-7) count as zero
/// and are left out, as in both references; when every one is, B = I and the gradient is the plain sum. G is
/// decomposed on the host (cyclic Jacobi, <see cref="AlignedWeights"/>).</para>
/// <para>The weights are summed (α = B·1), as in LibMTL, so that gradients already orthogonal and of one size give
/// exactly the plain sum of the declared weighted losses; torchjd's default averages them (α = B·1/K), a step K times
/// smaller.</para>
/// </remarks>
public sealed class AlignedMtl : GramianAggregationMethod
{
    /// <inheritdoc />
    protected override string DisplayName => "Aligned-MTL";

    private readonly AlignedMtlScale scale;
    private AlignedWeights? solver;
    private double epsilon = Float32Epsilon;

    /// <summary>Aligned-MTL with the gradients' size set by <paramref name="scale"/>.</summary>
    public AlignedMtl(AlignedMtlScale scale = AlignedMtlScale.Min)
    {
        if (!Enum.IsDefined(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Min, Median or Mean.");
        this.scale = scale;
    }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context) => epsilon = finfo(context.DType).eps;

    /// <summary>
    /// Aligned-MTL's weights α = B·1 for the Gramian <paramref name="gramian"/>: the aggregated gradient is Σ α_i·g_i.
    /// The eigenvalues at most λ_max·K·ε count as zero, ε the machine epsilon of the gradients' dtype (float32's until
    /// the method is initialized for a trainer).
    /// </summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        if (solver?.Size != weights.Length) solver = new AlignedWeights(weights.Length);
        solver.Solve(gramian, scale, epsilon, weights);
        return true;
    }
}
