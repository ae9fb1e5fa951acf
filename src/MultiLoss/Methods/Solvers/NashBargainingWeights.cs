using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// Nash-MTL's bargaining weights from the Gramian G: the α &gt; 0 that solve α ∘ (G·α) = 1 (see <see cref="NashMtl"/>),
/// by a damped Newton method on the host.
/// </summary>
internal static class NashBargainingWeights
{
    /// <summary>The most Newton iterations <see cref="TrySolve(ReadOnlySpan{double}, int, Span{double}, out int, out double, int)"/> makes by default.</summary>
    public const int DefaultMaxIterations = 100;

    /// <summary>The solver stops once every |α_i·(G·α)_i − 1| is at most this (plus the rounding of the products).</summary>
    public const double Tolerance = 1e-10;

    /// <summary>
    /// ε in the equation solved, α ∘ ((G + ε·diag(G))·α) = 1: it gives a solution when none exists (gradients that
    /// cancel out, such as two opposite ones), where the weights become large and the gradient small; elsewhere it
    /// changes the weights by about ε relative.
    /// </summary>
    public const double Regularisation = 1e-10;

    /// <summary>
    /// The largest ε tried, each 100 times the one before from <see cref="Regularisation"/>, where the equation has no
    /// solution at the smaller ones (the cosine matrix of a Gramian rounded in float32 can be slightly indefinite).
    /// </summary>
    public const double MaxRegularisation = 1e-4;

    /// <summary>
    /// Solves α ∘ ((G + ε·diag(G))·α) = 1, α &gt; 0, for the Gramian <paramref name="gramian"/> (K×K, row-major, finite; ε =
    /// <see cref="Regularisation"/>, or larger up to <see cref="MaxRegularisation"/> where that has no solution); false
    /// when no ε reaches <see cref="Tolerance"/> within <paramref name="maxIterations"/> Newton iterations, with
    /// <paramref name="iterations"/> (over every ε tried) and the largest |α_i·(G·α)_i − 1| of the last try in
    /// <paramref name="residual"/>.
    /// </summary>
    /// <remarks>
    /// <para>A loss whose gradient is zero gets α = 0 (no α satisfies its equation; its gradient adds nothing); the others
    /// are solved among themselves. With d_i = ‖g_i‖ the problem is solved for β = d ∘ α against the cosine matrix
    /// C = diag(d)⁻¹·G·diag(d)⁻¹ (plus ε on the diagonal), which has the same solutions for every scale of the gradients
    /// and needs no normalisation of G (LibMTL divides it by its Frobenius norm).</para>
    /// <para>Newton's method on f(β) = ½·βᵀCβ − Σ log β_i from β = c·1, c = √(K/1ᵀC1) (the best point on that ray; the
    /// solution when the gradients are orthogonal or equal): the step Δ solves (C + diag(β)⁻²)·Δ = −∇f and is taken
    /// whole when the Newton decrement λ = √(−∇fᵀΔ) is at most ¼ and scaled by 1/(1 + λ) otherwise, which keeps β &gt; 0
    /// (f is self-concordant: Boyd &amp; Vandenberghe, Convex Optimization, 9.6). It stops when every
    /// |β_i·(Cβ)_i − 1| ≤ <see cref="Tolerance"/> + 8·K·ε_double·β_i·(|C|·β)_i, the last term the rounding of the
    /// products, which matters only when the weights are very large.</para>
    /// </remarks>
    public static bool TrySolve(ReadOnlySpan<double> gramian, int count, Span<double> alpha, out int iterations, out double residual, int maxIterations = DefaultMaxIterations)
        => TrySolve(gramian, count, alpha, new double[ScratchLength(Math.Max(count, 0))], out iterations, out residual, maxIterations);

    /// <summary>The work space <see cref="TrySolve(ReadOnlySpan{double}, int, Span{double}, Span{double}, out int, out double, int)"/> needs for <paramref name="count"/> losses.</summary>
    public static int ScratchLength(int count) => 3 * count * count + 6 * count;

    /// <summary>
    /// As <see cref="TrySolve(ReadOnlySpan{double}, int, Span{double}, out int, out double, int)"/>, in
    /// <paramref name="scratch"/> (at least <see cref="ScratchLength"/> values): nothing is allocated.
    /// </summary>
    public static bool TrySolve(ReadOnlySpan<double> gramian, int count, Span<double> alpha, Span<double> scratch, out int iterations, out double residual, int maxIterations = DefaultMaxIterations)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one loss is needed.");
        if (gramian.Length != count * count) throw new ArgumentException($"A Gramian of {count} losses has {count * count} entries, not {gramian.Length}.", nameof(gramian));
        if (alpha.Length != count) throw new ArgumentException($"There are {count} losses and room for {alpha.Length} weights.", nameof(alpha));
        if (scratch.Length < ScratchLength(count)) throw new ArgumentException($"{count} losses need {ScratchLength(count)} values of work space, not {scratch.Length}.", nameof(scratch));
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "At least one iteration is needed.");
        if (!BalancingAlgebra.IsFinite(gramian, count)) throw new ArgumentException("The Gramian has a NaN or an infinite entry.", nameof(gramian));
        iterations = 0;
        residual = double.NaN;
        for (var regularisation = Regularisation; regularisation <= MaxRegularisation * (1 + 1e-9); regularisation *= 100)
        {
            var solved = Solve(gramian, count, alpha, scratch, maxIterations, regularisation, out var made, out residual);
            iterations += made;
            if (solved) return true;
        }
        return false;
    }

    private static bool Solve(ReadOnlySpan<double> gramian, int count, Span<double> alpha, Span<double> scratch, int maxIterations, double regularisation, out int iterations, out double residual)
    {
        alpha.Clear();
        iterations = 0;
        residual = 0;
        Span<int> active = stackalloc int[count];
        var norms = scratch[..count];
        var m = BalancingAlgebra.NonZeroGradients(gramian, count, norms, active);
        if (m == 0) return true;
        var cosines = scratch.Slice(count, m * m);
        var hessian = scratch.Slice(count + m * m, m * m);
        var work = scratch.Slice(count + 2 * m * m, m * m);
        var beta = scratch.Slice(count + 3 * m * m, m);
        var product = scratch.Slice(count + 3 * m * m + m, m);
        var gradient = scratch.Slice(count + 3 * m * m + 2 * m, m);
        var step = scratch.Slice(count + 3 * m * m + 3 * m, m);
        var onRay = 0.0;
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b < m; b++)
            {
                // A Gramian rounded in float32 can put the cosine of two opposite gradients just below −1.
                var value = Math.Clamp(gramian[active[a] * count + active[b]] / (norms[active[a]] * norms[active[b]]), -1, 1);
                if (a == b) value = 1 + regularisation;
                cosines[a * m + b] = value;
                onRay += value;
            }
        }
        if (!(onRay > 0)) return false;
        beta.Fill(Math.Sqrt(m / onRay));
        while (true)
        {
            residual = 0;
            var converged = true;
            for (var i = 0; i < m; i++)
            {
                double sum = 0, magnitude = 0;
                for (var j = 0; j < m; j++)
                {
                    sum += cosines[i * m + j] * beta[j];
                    magnitude += Math.Abs(cosines[i * m + j]) * beta[j];
                }
                product[i] = sum;
                var error = Math.Abs(beta[i] * sum - 1);
                residual = Math.Max(residual, error);
                if (!(error <= Tolerance + 8 * m * BalancingAlgebra.Epsilon * beta[i] * magnitude)) converged = false;
            }
            if (converged) break;
            if (iterations == maxIterations || double.IsNaN(residual)) return false;
            iterations++;
            for (var i = 0; i < m; i++)
            {
                gradient[i] = -(product[i] - 1 / beta[i]);
                for (var j = 0; j < m; j++) hessian[i * m + j] = cosines[i * m + j];
                hessian[i * m + i] += 1 / (beta[i] * beta[i]);
            }
            if (!BalancingAlgebra.TryCholeskySolve(hessian, gradient, m, step, work)) return false;
            var decrement = 0.0;
            for (var i = 0; i < m; i++) decrement += gradient[i] * step[i];
            var damping = decrement > 1.0 / 16 ? 1 / (1 + Math.Sqrt(decrement)) : 1.0;
            for (var i = 0; i < m; i++)
            {
                beta[i] += damping * step[i];
                if (!(beta[i] > 0)) return false;
            }
        }
        for (var a = 0; a < m; a++) alpha[active[a]] = beta[a] / norms[active[a]];
        return true;
    }
}
