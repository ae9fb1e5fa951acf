using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

/// <summary>
/// UPGrad, unconflicting projection of gradients (Quinton &amp; Rey 2024): with g_i the gradient of w_i·L_i with respect
/// to the shared parameters, each g_i is projected onto the dual cone {x : g_jᵀx ≥ 0 for every j} of all of them, and the
/// shared parameters' gradient is the mean (1/K)·Σ_i π(g_i) of the projections.
/// </summary>
/// <remarks>
/// <para>π(g_i) = Σ_j v_j·g_j with v the solution of min vᵀGv subject to v ≥ e_i (the paper's Proposition 1), solved
/// exactly on the host from the K×K Gramian, once per loss (<see cref="DualConeProjection"/>). The result is Σ_j c_j·g_j
/// with c = (1/K)·Σ_i v⁽ⁱ⁾, reported as the losses' effective weights (times w_j). It conflicts with no loss, is the mean
/// of the gradients when none conflict, and is linear under scaling: scaling loss i by s_i &gt; 0 (its declared weight,
/// for one) scales its projection by s_i, so the declared weights play the part of torchjd's preference vector.</para>
/// </remarks>
public sealed class UPGrad : GramianAggregationMethod
{
    private DualConeProjection? projection;
    private double[] lower = [];
    private double[] projected = [];

    /// <summary>UPGrad; <paramref name="regularization"/> ε ≥ 0 is added to the diagonal of the trace-normalised Gramian (0: the exact projection).</summary>
    public UPGrad(double regularization = 0) => Regularization = FiniteNotNegative(regularization, "regularization is finite and not negative.");

    /// <summary>ε added to the diagonal of the trace-normalised Gramian.</summary>
    public double Regularization { get; }

    /// <summary>The mean of the gradients' projections onto their dual cone, from their Gramian.</summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        var count = weights.Length;
        if (lower.Length != count) (projection, lower, projected) = (new DualConeProjection(count), new double[count], new double[count]);
        weights.Clear();
        for (var i = 0; i < count; i++)
        {
            Array.Clear(lower);
            lower[i] = 1.0 / count;
            if (!projection!.Project(gramian, lower, projected, Regularization).Converged) return false;
            for (var j = 0; j < count; j++) weights[j] += projected[j];
        }
        return true;
    }
}
