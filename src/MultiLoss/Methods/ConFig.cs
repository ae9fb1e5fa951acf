using System;
using MultiLoss.Methods.Solvers;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// ConFIG, conflict-free inverse gradients (Liu, Chu &amp; Thuerey, ICLR 2025): the direction that has the same positive
/// inner product with every loss's unit gradient, scaled by the sum of the gradients' projections on it. With U the
/// unit gradients u_i = g_i/‖g_i‖ as rows, ĝ = U⁺·1 (the pseudo-inverse), ĝ_u = ĝ/‖ĝ‖ and the gradient is
/// (Σ_i g_iᵀĝ_u)·ĝ_u (the paper's Equation 2 with equal weights and the projection length).
/// </summary>
/// <remarks>
/// <para>U⁺ = Uᵀ·(U·Uᵀ)⁺, and U·Uᵀ is the cosine matrix C = diag(d)⁻¹·G·diag(d)⁻¹ of the Gramian G = J·Jᵀ
/// (d_i = ‖g_i‖), so ĝ = Jᵀ·β with β = diag(d)⁻¹·C⁺·1, and the result is Σ c_i·g_i with c = (1ᵀGβ / βᵀGβ)·β: the host
/// decomposes C (cyclic Jacobi, <see cref="ConflictFreeWeights"/>) and the device only computes G and the sum. When the gradients
/// are independent, every u_iᵀĝ = 1, so the result has a positive inner product with every loss's gradient.</para>
/// <para>A zero gradient has no unit gradient: its row of U is zero (as the references' <c>nan_to_num</c> makes it)
/// and its weight 0. Eigenvalues of C at most λ_max·K·ε (ε the machine epsilon of the gradients' dtype) count as zero:
/// the directions that float32 gradients cannot tell apart. The references pseudo-invert the K×N matrix U itself
/// (torchjd's <c>pinv</c> with its default relative cut-off max(K, N)·ε on the singular values, ConFIG's own package
/// <c>lstsq</c>); for gradients of full rank all give the same result. When nothing is left (every gradient zero) the
/// result is zero.</para>
/// </remarks>
public sealed class ConFig : GramianAggregationMethod
{
    /// <inheritdoc />
    protected override string DisplayName => "ConFIG";

    private ConflictFreeWeights? solver;
    private double epsilon = Float32Epsilon;

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context) => epsilon = finfo(context.DType).eps;

    /// <summary>
    /// ConFIG's coefficients c for the Gramian <paramref name="gramian"/>: the gradient is Σ c_i·g_i. The eigenvalues of
    /// the cosine matrix at most λ_max·K·ε count as zero, ε the machine epsilon of the gradients' dtype (float32's until
    /// the method is initialized for a trainer).
    /// </summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        if (solver?.Size != weights.Length) solver = new ConflictFreeWeights(weights.Length);
        solver.Solve(gramian, epsilon, weights);
        return true;
    }
}
