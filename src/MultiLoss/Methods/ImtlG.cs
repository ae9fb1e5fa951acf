using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

/// <summary>
/// IMTL-G, the gradient half of impartial multi-task learning (Liu, Li, Kuang, Xue, Chen, Yang, Liao &amp; Zhang,
/// ICLR 2021): the aggregated gradient g = Σ α_i·g_i, Σ α_i = 1, has the same projection on every loss's unit gradient
/// u_i = g_i/‖g_i‖, so that no loss's gradient dominates the step.
/// </summary>
/// <remarks>
/// <para>The paper's closed form: with D the rows g_1 − g_i and U the rows u_1 − u_i (i = 2 … K),
/// α_{2…K} = g_1·Uᵀ·(D·Uᵀ)⁻¹ and α_1 = 1 − Σ_{i≥2} α_i. Every inner product it needs is an entry of the Gramian
/// G = J·Jᵀ (u_a·g_b = G_ab/‖g_a‖), so the (K−1)×(K−1) system is built and solved on the host
/// (<see cref="ImpartialWeights"/>); the device only computes G and Σ α_i·g_i.</para>
/// <para>A loss whose gradient is zero has no unit gradient: it gets α = 0 and the rest are balanced among
/// themselves. Where the system is singular (gradients that point the same way, more losses than independent
/// directions; a pivot at most 1e-10 of the largest entry), the weights are those of the generalisation in Quinton
/// &amp; Rey's Jacobian descent (torchjd's <c>IMTLG</c>): v = G⁺·d with d_i = ‖g_i‖ (eigenvalues of G at most 1e-10
/// of the largest count as zero) and α = v/Σ v, which equals the closed form wherever that is defined; α = 0 when Σ v is 0 to rounding. The result never holds a NaN unless the
/// gradients do.</para>
/// </remarks>
public sealed class ImtlG : GramianAggregationMethod
{
    /// <inheritdoc />
    protected override string DisplayName => "IMTL-G";

    /// <summary>A pivot of the closed form's system at most this fraction of its largest entry counts as zero.</summary>
    public const double SingularTolerance = 1e-10;

    private ImpartialWeights? solver;

    /// <summary>IMTL-G's weights α for the Gramian <paramref name="gramian"/>: the closed form, or the singular cases of the remarks.</summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        if (solver?.Size != weights.Length) solver = new ImpartialWeights(weights.Length);
        solver.Solve(gramian, weights);
        return true;
    }
}
