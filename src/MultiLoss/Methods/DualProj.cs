using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

/// <summary>
/// DualProj (torchjd's name for the projection of Lopez-Paz &amp; Ranzato 2017, equation 11): with g_i the gradient of
/// w_i·L_i with respect to the shared parameters, the shared parameters' gradient is the projection of their mean
/// (1/K)·Σg_i onto the dual cone {x : g_jᵀx ≥ 0 for every j}: the direction nearest the mean that conflicts with none.
/// </summary>
/// <remarks>
/// The projection is Σ_j v_j·g_j with v the solution of min vᵀGv subject to v ≥ 1/K, solved exactly on the host from
/// the K×K Gramian (<see cref="DualConeProjection"/>); the v_j are reported as the losses' effective weights (times w_j).
/// Unlike UPGrad it is not linear under scaling: a loss scaled up can move the mean out of the cone.
/// </remarks>
public sealed class DualProj : GramianAggregationMethod
{
    private DualConeProjection? projection;

    /// <summary>DualProj; <paramref name="regularization"/> ε ≥ 0 is added to the diagonal of the trace-normalised Gramian (0: the exact projection).</summary>
    public DualProj(double regularization = 0) => Regularization = FiniteNotNegative(regularization, "regularization is finite and not negative.");

    /// <summary>ε added to the diagonal of the trace-normalised Gramian.</summary>
    public double Regularization { get; }

    /// <summary>The mean gradient's projection onto the dual cone, from the Gramian.</summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        var count = weights.Length;
        if (projection?.Size != count) projection = new DualConeProjection(count);
        Span<double> lower = stackalloc double[count];
        lower.Fill(1.0 / count);
        return projection.Project(gramian, lower, weights, Regularization).Converged;
    }
}
