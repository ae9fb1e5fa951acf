using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// The projection of a combination Σu_i·g_i of K vectors onto their dual cone {x : g_iᵀx ≥ 0 for every i}, from their
/// Gramian G: the weights v with v ≥ u that minimise vᵀGv, so that the projection is Σv_i·g_i (Quinton &amp; Rey 2024,
/// Proposition 1). UPGrad projects each g_i this way, DualProj the mean.
/// </summary>
/// <remarks>
/// <para>With Ĝ = G/trace(G) (plus ε·I when a regularisation ε is given, as torchjd adds after the same normalisation)
/// and v = u + x, it is the non-negative program min ½·xᵀĜx + (Ĝu)ᵀx, x ≥ 0 (<see cref="NonNegativeQuadraticProgram"/>),
/// whose optimality conditions say (Ĝv)_j ≥ 0 for every j: g_jᵀ(Σv_i·g_i) ≥ 0, the projection conflicts with no
/// vector (with ε &gt; 0, only to within ε·v_j·trace(G)). The stopping rule is the program's.</para>
/// <para>When every vector is zero, v = u; when G holds a value that is not finite, v is NaN. Where colinear vectors
/// make v non-unique (the projection itself is unique), one solution is returned.</para>
/// </remarks>
internal sealed class DualConeProjection
{
    private readonly int size;
    private readonly NonNegativeQuadraticProgram program;
    private readonly double[] q;
    private readonly double[] c;
    private readonly double[] x;

    /// <summary>A solver for the dual cone of <paramref name="size"/> vectors.</summary>
    public DualConeProjection(int size)
    {
        program = new NonNegativeQuadraticProgram(size);
        this.size = size;
        q = new double[size * size];
        c = new double[size];
        x = new double[size];
    }

    /// <summary>The number of vectors K.</summary>
    public int Size => size;

    /// <summary>
    /// Writes into <paramref name="weights"/> the v ≥ <paramref name="lower"/> (= u) minimising vᵀGv, G being
    /// <paramref name="gramian"/> (K², row-major); <paramref name="regularization"/> ε ≥ 0 is added to the diagonal of G/trace(G).
    /// </summary>
    public SolverOutcome Project(ReadOnlySpan<double> gramian, ReadOnlySpan<double> lower, Span<double> weights, double regularization = 0)
    {
        if (gramian.Length != size * size) throw new ArgumentException($"The Gramian of {size} vectors has {size * size} values, not {gramian.Length}.", nameof(gramian));
        if (lower.Length != size) throw new ArgumentException($"There are {size} lower bounds, not {lower.Length}.", nameof(lower));
        if (weights.Length != size) throw new ArgumentException($"There are {size} weights, not {weights.Length}.", nameof(weights));
        if (!(regularization >= 0) || double.IsPositiveInfinity(regularization)) throw new ArgumentOutOfRangeException(nameof(regularization), regularization, "regularization is finite and not negative.");
        var trace = SolverInputs.NormalizeGramian(gramian, size, q);
        if (double.IsNaN(trace) || !SolverInputs.AllFinite(lower))
        {
            weights.Fill(double.NaN);
            return new SolverOutcome(0, false);
        }
        if (trace == 0)
        {
            lower.CopyTo(weights);
            return new SolverOutcome(0, true);
        }
        for (var i = 0; i < size; i++) q[i * size + i] += regularization;
        for (var j = 0; j < size; j++)
        {
            var sum = 0.0;
            for (var k = 0; k < size; k++) sum += q[j * size + k] * lower[k];
            c[j] = sum;
        }
        var outcome = program.Solve(q, c, x);
        for (var i = 0; i < size; i++) weights[i] = lower[i] + x[i];
        return outcome;
    }
}
