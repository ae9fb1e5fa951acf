using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// Solves min ½·xᵀQx + cᵀx subject to x ≥ 0, for a small symmetric positive semi-definite Q (n×n, row-major) and a c
/// in the range of Q, with the active-set method of Lawson &amp; Hanson (1974) for non-negative least squares, written on
/// Q and c alone as Bro &amp; de Jong (1997) write it. The instance holds the workspace for one size; it allocates
/// nothing per solve.
/// </summary>
/// <remarks>
/// <para>The variables are split into a free set F (x_F &gt; 0) and a bound set (x = 0). Starting from x = 0 and F empty,
/// each outer iteration adds to F the bound variable whose dual value w_j = −(Qx + c)_j is largest; inner iterations
/// solve Q_FF·z_F = −c_F (a Cholesky factorisation) and, while some z_j ≤ 0, move x towards z as far as x ≥ 0 allows and
/// return the variables that reach 0 to the bound set. In exact arithmetic the objective falls at every outer iteration
/// and the method ends after finitely many.</para>
/// <para><b>Stopping rule.</b> It stops when no bound variable has w_j &gt; <see cref="Tolerance"/>·((|Q|·|x|)_j + |c_j|)
/// (the Karush–Kuhn–Tucker conditions to rounding: x ≥ 0, Qx + c ≥ −tolerance where x = 0, Qx + c = 0 to rounding
/// where x &gt; 0), and reports <see cref="SolverOutcome.Converged"/>. A variable whose column is, to
/// <see cref="PivotTolerance"/>, a combination of the free ones (a Cholesky pivot below that fraction of its diagonal),
/// or whose solve does not make it positive, is left bound until F next changes: with exact arithmetic its dual value
/// would be 0, so what remains of it is rounding. After <see cref="MaxIterations"/> linear solves it stops with the last
/// feasible x and reports not converged.</para>
/// <para>Q may be singular (colinear or zero gradients) as long as c is in its range: the problem is then a least-squares
/// one, min ½‖Ax + b‖² with Q = AᵀA and c = Aᵀb (every use here is), bounded below, and by the rule above a singular
/// Q_FF never arises. With c outside the range of a singular Q the problem may be unbounded; this solver is not for it.</para>
/// </remarks>
internal sealed class NonNegativeQuadraticProgram
{
    /// <summary>The relative tolerance of the dual values in the stopping rule.</summary>
    public const double Tolerance = 1e-12;

    /// <summary>A free variable whose Cholesky pivot is below this fraction of its diagonal counts as dependent on the others.</summary>
    public const double PivotTolerance = 1e-12;

    private readonly int size;
    private readonly bool[] free;
    private readonly bool[] skipped;
    private readonly int[] indices;
    private readonly double[] z;
    private readonly double[] factor;
    private readonly double[] rhs;

    /// <summary>A solver for problems of <paramref name="size"/> variables.</summary>
    public NonNegativeQuadraticProgram(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "At least one variable is needed.");
        this.size = size;
        free = new bool[size];
        skipped = new bool[size];
        indices = new int[size];
        z = new double[size];
        factor = new double[size * size];
        rhs = new double[size];
    }

    /// <summary>The number of variables n.</summary>
    public int Size => size;

    /// <summary>The most linear solves one <see cref="Solve"/> makes: 10·n + 20.</summary>
    public int MaxIterations => 10 * size + 20;

    /// <summary>
    /// Writes the minimiser into <paramref name="x"/>. <paramref name="q"/> is Q (n² values, row-major, symmetric positive
    /// semi-definite), <paramref name="c"/> has n values. Values that are not finite give NaN and not converged.
    /// </summary>
    public SolverOutcome Solve(ReadOnlySpan<double> q, ReadOnlySpan<double> c, Span<double> x)
    {
        if (q.Length != size * size) throw new ArgumentException($"Q has {q.Length} values; {size} variables need {size * size}.", nameof(q));
        if (c.Length != size) throw new ArgumentException($"c has {c.Length} values; there are {size} variables.", nameof(c));
        if (x.Length != size) throw new ArgumentException($"x has room for {x.Length} values; there are {size} variables.", nameof(x));
        if (!SolverInputs.AllFinite(q) || !SolverInputs.AllFinite(c))
        {
            x.Fill(double.NaN);
            return new SolverOutcome(0, false);
        }
        x.Clear();
        Array.Clear(free);
        Array.Clear(skipped);
        var iterations = 0;
        while (true)
        {
            var entering = Entering(q, c, x);
            if (entering < 0) return new SolverOutcome(iterations, true);
            if (iterations >= MaxIterations) return new SolverOutcome(iterations, false);
            free[entering] = true;
            for (var first = true; ; first = false)
            {
                iterations++;
                var solved = SolveFree(q, c);
                if (first && (!solved || z[entering] <= 0))
                {
                    // Dependent on the free variables, or no progress: rounding. Left bound until the free set changes.
                    free[entering] = false;
                    skipped[entering] = true;
                    break;
                }
                if (!solved) return new SolverOutcome(iterations, false);
                if (StepTowardsSolution(x))
                {
                    Array.Clear(skipped);
                    break;
                }
                if (iterations >= MaxIterations) return new SolverOutcome(iterations, false);
            }
        }
    }

    /// <summary>The bound variable with the largest dual value above the tolerance, or −1 when there is none.</summary>
    private int Entering(ReadOnlySpan<double> q, ReadOnlySpan<double> c, ReadOnlySpan<double> x)
    {
        var best = -1;
        var bestValue = 0.0;
        for (var j = 0; j < size; j++)
        {
            if (free[j] || skipped[j]) continue;
            var gradient = c[j];
            var magnitude = Math.Abs(c[j]);
            var row = q.Slice(j * size, size);
            for (var k = 0; k < size; k++)
            {
                if (x[k] == 0) continue;
                gradient += row[k] * x[k];
                magnitude += Math.Abs(row[k] * x[k]);
            }
            var dual = -gradient;
            if (dual > Tolerance * magnitude && dual > bestValue)
            {
                best = j;
                bestValue = dual;
            }
        }
        return best;
    }

    /// <summary>z_F = −Q_FF⁻¹·c_F, z = 0 elsewhere; false when Q_FF is singular to <see cref="PivotTolerance"/>.</summary>
    private bool SolveFree(ReadOnlySpan<double> q, ReadOnlySpan<double> c)
    {
        var m = 0;
        for (var j = 0; j < size; j++)
        {
            z[j] = 0;
            if (free[j]) indices[m++] = j;
        }
        // Cholesky factor L of Q_FF, lower triangle of factor (m×m, row-major with stride m).
        for (var a = 0; a < m; a++)
        {
            var ia = indices[a];
            for (var b = 0; b <= a; b++)
            {
                var sum = q[ia * size + indices[b]];
                for (var k = 0; k < b; k++) sum -= factor[a * m + k] * factor[b * m + k];
                if (a == b)
                {
                    if (!(sum > PivotTolerance * q[ia * size + ia])) return false;
                    factor[a * m + a] = Math.Sqrt(sum);
                }
                else
                {
                    factor[a * m + b] = sum / factor[b * m + b];
                }
            }
        }
        // L·y = −c_F, then Lᵀ·z_F = y.
        for (var a = 0; a < m; a++)
        {
            var sum = -c[indices[a]];
            for (var k = 0; k < a; k++) sum -= factor[a * m + k] * rhs[k];
            rhs[a] = sum / factor[a * m + a];
        }
        for (var a = m - 1; a >= 0; a--)
        {
            var sum = rhs[a];
            for (var k = a + 1; k < m; k++) sum -= factor[k * m + a] * z[indices[k]];
            z[indices[a]] = sum / factor[a * m + a];
        }
        return true;
    }

    /// <summary>
    /// x ← z when every free z_j is positive (true); otherwise x moves towards z until a free variable reaches 0, and the
    /// free variables at 0 become bound (false).
    /// </summary>
    private bool StepTowardsSolution(Span<double> x)
    {
        var step = 1.0;
        var blocking = -1;
        for (var j = 0; j < size; j++)
        {
            if (!free[j] || z[j] > 0) continue;
            var gap = x[j] - z[j];
            var ratio = gap > 0 ? x[j] / gap : 0;
            if (blocking < 0 || ratio < step)
            {
                step = ratio;
                blocking = j;
            }
        }
        if (blocking < 0)
        {
            for (var j = 0; j < size; j++) x[j] = free[j] ? z[j] : 0;
            return true;
        }
        for (var j = 0; j < size; j++)
        {
            if (!free[j]) continue;
            x[j] += step * (z[j] - x[j]);
            if (j == blocking || x[j] <= 0)
            {
                x[j] = 0;
                free[j] = false;
            }
        }
        return false;
    }
}
