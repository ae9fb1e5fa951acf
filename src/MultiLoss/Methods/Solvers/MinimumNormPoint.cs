using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// The point of the convex hull of K vectors nearest the origin, from their Gramian G: the weights α on the simplex
/// (α ≥ 0, Σα = 1) that minimise αᵀGα — MGDA's problem (Sener &amp; Koltun 2018). Solved exactly, not by Frank–Wolfe.
/// </summary>
/// <remarks>
/// <para>With Ĝ = G/trace(G) and s = 1/K, the non-negative program min ½·xᵀ(Ĝ + s·11ᵀ)x − s·1ᵀx, x ≥ 0
/// (<see cref="NonNegativeQuadraticProgram"/>) has its solution at x = σ·α with σ = Σx: its optimality conditions
/// (Ĝx + s(σ − 1)·1 ≥ 0, with equality where x &gt; 0) are, divided by σ, MGDA's: (Ĝα)_j ≥ αᵀĜα for every j, with
/// equality where α_j &gt; 0. So the min-norm point g = Σα_i·g_i satisfies g_jᵀg ≥ ‖g‖² ≥ 0 for every j: it conflicts with
/// no vector. The stopping rule is the program's.</para>
/// <para>When every vector is zero the weights are 1/K each; when G holds a value that is not finite they are NaN.
/// Where the min-norm point is a combination of colinear vectors in more than one way, one of them is returned.</para>
/// </remarks>
internal sealed class MinimumNormPoint
{
    private readonly int size;
    private readonly NonNegativeQuadraticProgram program;
    private readonly double[] q;
    private readonly double[] c;
    private readonly double[] x;

    /// <summary>A solver for the convex hull of <paramref name="size"/> vectors.</summary>
    public MinimumNormPoint(int size)
    {
        program = new NonNegativeQuadraticProgram(size);
        this.size = size;
        q = new double[size * size];
        c = new double[size];
        x = new double[size];
    }

    /// <summary>The number of vectors K.</summary>
    public int Size => size;

    /// <summary>Writes the weights α of the min-norm point of the vectors whose Gramian is <paramref name="gramian"/> (K², row-major).</summary>
    public SolverOutcome Solve(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        if (gramian.Length != size * size) throw new ArgumentException($"The Gramian of {size} vectors has {size * size} values, not {gramian.Length}.", nameof(gramian));
        if (weights.Length != size) throw new ArgumentException($"There are {size} weights, not {weights.Length}.", nameof(weights));
        var trace = SolverInputs.NormalizeGramian(gramian, size, q);
        if (double.IsNaN(trace))
        {
            weights.Fill(double.NaN);
            return new SolverOutcome(0, false);
        }
        if (trace == 0)
        {
            weights.Fill(1.0 / size);
            return new SolverOutcome(0, true);
        }
        var s = 1.0 / size;
        for (var k = 0; k < q.Length; k++) q[k] += s;
        c.AsSpan().Fill(-s);
        var outcome = program.Solve(q, c, x);
        var sum = 0.0;
        foreach (var value in x) sum += value;
        if (!(sum > 0))
        {
            weights.Fill(1.0 / size);
            return outcome with { Converged = false };
        }
        for (var i = 0; i < size; i++) weights[i] = x[i] / sum;
        return outcome;
    }
}
