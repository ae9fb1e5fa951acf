using System;
using MultiLoss.Weighting.Solvers;

namespace MultiLoss.Weighting;

/// <summary>
/// IMTL-G, the gradient half of impartial multi-task learning (Liu, Li, Kuang, Xue, Chen, Yang, Liao &amp; Zhang,
/// ICLR 2021): the aggregated gradient g = Σ α_i·g_i, Σ α_i = 1, has the same projection on every loss's unit gradient
/// u_i = g_i/‖g_i‖, so that no loss's gradient dominates the step.
/// </summary>
/// <remarks>
/// <para>The paper's closed form: with D the rows g_1 − g_i and U the rows u_1 − u_i (i = 2 … K),
/// α_{2…K} = g_1·Uᵀ·(D·Uᵀ)⁻¹ and α_1 = 1 − Σ_{i≥2} α_i. Every inner product it needs is an entry of the Gramian
/// G = J·Jᵀ (u_a·g_b = G_ab/‖g_a‖), so the (K−1)×(K−1) system is built and solved on the host
/// (<see cref="Weigh"/>); the device only computes G and Σ α_i·g_i.</para>
/// <para>A loss whose gradient is zero has no unit gradient: it gets α = 0 and the rest are balanced among
/// themselves. Where the system is singular (gradients that point the same way, more losses than independent
/// directions; a pivot at most 1e-10 of the largest entry), the weights are those of the generalisation in Quinton
/// &amp; Rey's Jacobian descent (torchjd's <c>IMTLG</c>): v = G⁺·d with d_i = ‖g_i‖ (eigenvalues of G at most 1e-10
/// of the largest count as zero) and α = v/Σ v, which equals the closed form wherever that is defined; α = 0 when Σ v is 0 to rounding. The result never holds a NaN unless the
/// gradients do.</para>
/// </remarks>
public sealed class IMTLG : GramianAggregationMethod
{
    /// <summary>A pivot of the closed form's system at most this fraction of its largest entry counts as zero.</summary>
    public const double SingularTolerance = 1e-10;

    private double[] scratch = [];

    /// <summary>IMTL-G's weights α for the Gramian <paramref name="gramian"/>: the closed form, or the singular cases of the remarks.</summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        var count = weights.Length;
        if (scratch.Length != 5 * count * count + 6 * count) scratch = new double[5 * count * count + 6 * count];
        weights.Clear();
        Span<int> active = stackalloc int[count];
        var norms = scratch.AsSpan(0, count);
        var m = BalancingAlgebra.NonZeroGradients(gramian, count, norms, active);
        if (m == 0) return true;
        if (m == 1)
        {
            weights[active[0]] = 1;
            return true;
        }
        var n = m - 1;
        var system = scratch.AsSpan(count, n * n);
        var rhs = scratch.AsSpan(count + n * n, n);
        var solution = scratch.AsSpan(count + n * n + n, n);
        var work = scratch.AsSpan(count + n * n + 2 * n, n * n + n);
        var r = active[0];
        var grr = gramian[r * count + r];
        for (var j = 0; j < n; j++)
        {
            var aj = active[j + 1];
            // (u_r − u_j)·g_r
            rhs[j] = grr / norms[r] - gramian[aj * count + r] / norms[aj];
            for (var i = 0; i < n; i++)
            {
                var ai = active[i + 1];
                // (u_r − u_j)·(g_r − g_i)
                system[j * n + i] = (grr - gramian[r * count + ai]) / norms[r] - (gramian[aj * count + r] - gramian[aj * count + ai]) / norms[aj];
            }
        }
        if (BalancingAlgebra.TrySolve(system, rhs, n, solution, work, SingularTolerance))
        {
            var rest = 0.0;
            for (var i = 0; i < n; i++)
            {
                weights[active[i + 1]] = solution[i];
                rest += solution[i];
            }
            weights[r] = 1 - rest;
            return true;
        }
        Generalised(gramian, count, norms, weights, scratch.AsSpan(count));
        return true;
    }

    /// <summary>α = G⁺·d / Σ(G⁺·d), d_i = ‖g_i‖, into <paramref name="weights"/> (zeros, left so when Σ(G⁺·d) is 0 to rounding); eigenvalues of G at most <see cref="SingularTolerance"/>·λ_max count as zero.</summary>
    private static void Generalised(ReadOnlySpan<double> gramian, int count, ReadOnlySpan<double> norms, Span<double> weights, Span<double> scratch)
    {
        var v = scratch[..count];
        BalancingAlgebra.PseudoInverseSolve(gramian, count, SingularTolerance, norms, v, scratch[count..]);
        double sum = 0, magnitude = 0;
        for (var i = 0; i < count; i++)
        {
            sum += v[i];
            magnitude += Math.Abs(v[i]);
        }
        if (!(Math.Abs(sum) > 1e-12 * magnitude)) return;
        for (var i = 0; i < count; i++) weights[i] = v[i] / sum;
    }
}
