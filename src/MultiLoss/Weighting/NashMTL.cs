using System;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// Nash-MTL (Navon, Shamsian, Achituve, Maron, Kawaguchi, Chechik &amp; Fetaya, ICML 2022): the losses bargain over the
/// update. With G = J·Jᵀ the Gramian of their gradients, the weights α &gt; 0 solve α ∘ (G·α) = 1 (each α_i·g_iᵀ·Σ_j α_j·g_j
/// = 1), and the aggregated gradient is Σ α_i·g_i, its norm clipped to <c>maxNorm</c> (the reference implementations'
/// <c>max_norm</c>, 1 by default: the exact solution's norm is √K, so the default always clips).
/// </summary>
/// <remarks>
/// <para>The weights are found on the host by Newton's method (<see cref="TrySolve"/>), not the reference
/// implementations' sequence of convex programs (cvxpy with ECOS, 20 iterations at most): α ∘ (G·α) = 1 is where the
/// gradient of the strictly convex f(α) = ½·αᵀGα − Σ log α_i vanishes, so a damped Newton method on f converges from
/// any α &gt; 0 and stays positive. The weights are recomputed every <c>updateWeightsEvery</c> steps (the first step
/// included) and reused, with the new gradients, in between, as in LibMTL and torchjd.</para>
/// <para>Where no weights solve it (a Gramian rounded in float32 whose cosine matrix is slightly indefinite, such as two
/// opposite gradients near the Pareto set), the equation is solved again with a larger ε, up to
/// <see cref="MaxRegularisation"/>; where none of those converges, the step keeps the latest weights (1 each before the
/// first solution) and reports <c>FellBack</c>, as LibMTL's and torchjd's Nash-MTL keep theirs when the convex solver
/// fails.</para>
/// <para>The clipping scales the weights (torchjd's choice), so the reported effective weights are those of the
/// gradient that was applied; LibMTL clips the shared parameters' gradient after its backward pass, which gives them
/// the same gradient. As for every aggregation here, the parameters outside the shared layer get the gradient of the
/// declared weighted sum, where LibMTL backpropagates Σ α_i·L_i through them too.</para>
/// </remarks>
public sealed class NashMTL : GramianAggregationMethod
{
    /// <summary>The most Newton iterations <see cref="TrySolve"/> makes by default.</summary>
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

    private const string AggregationsName = "Aggregations";
    private const string AlphaName = "Alpha";
    private readonly double maxNorm;
    private readonly int updateWeightsEvery;
    private readonly int maxIterations;
    private double[] alpha = [];
    private double[] candidate = [];
    private double[] scratch = [];
    private long aggregations;

    /// <summary>Nash-MTL with the gradient's norm clipped to <paramref name="maxNorm"/> (0: not clipped) and the weights recomputed every <paramref name="updateWeightsEvery"/> steps.</summary>
    /// <param name="maxNorm">The largest norm of the aggregated gradient; 0 leaves it as it is.</param>
    /// <param name="updateWeightsEvery">How many steps one solution of the weights serves (1: every step).</param>
    /// <param name="maxIterations">The most Newton iterations per solution and ε; where none converges the step keeps its previous weights (<see cref="GradientAggregationMethod.FellBack"/>).</param>
    public NashMTL(double maxNorm = 1.0, int updateWeightsEvery = 1, int maxIterations = DefaultMaxIterations)
    {
        if (!double.IsFinite(maxNorm) || maxNorm < 0) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The largest norm is finite and at least 0 (0: no clipping).");
        if (updateWeightsEvery < 1) throw new ArgumentOutOfRangeException(nameof(updateWeightsEvery), updateWeightsEvery, "The weights are recomputed every step or less often.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "At least one iteration is needed.");
        this.maxNorm = maxNorm;
        this.updateWeightsEvery = updateWeightsEvery;
        this.maxIterations = maxIterations;
    }

    /// <summary>The number of steps that aggregated so far (saved with the state): it decides which steps recompute the weights.</summary>
    public long Aggregations => aggregations;

    /// <inheritdoc />
    protected override string DisplayName => "Nash-MTL";

    /// <summary>The Newton iterations of the latest solution of the weights (0 before the first), over every ε tried.</summary>
    public int LastIterations { get; private set; }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        alpha = new double[count];
        alpha.AsSpan().Fill(1.0);
        candidate = new double[count];
        scratch = new double[ScratchLength(count)];
    }

    /// <summary>Saves the number of aggregations and the latest weights (the ones reused until the next update).</summary>
    protected override void OnSaveState(MethodState state)
    {
        state.SetValues(AggregationsName, [aggregations]);
        state.SetValues(AlphaName, (double[])alpha.Clone());
    }

    /// <inheritdoc />
    protected override void OnRestoreState(MethodState state)
    {
        var saved = state.GetValues(AggregationsName);
        var weights = state.GetValues(AlphaName);
        if (saved.Length != 1 || !(saved[0] >= 0) || saved[0] != Math.Floor(saved[0]) || saved[0] > 1L << 53)
        {
            throw new ArgumentException("Nash-MTL's number of aggregations is one whole number.", nameof(state));
        }
        if (weights.Length != alpha.Length) throw new ArgumentException($"The state holds {weights.Length} Nash-MTL weights; this trainer has {alpha.Length} losses.", nameof(state));
        aggregations = (long)saved[0];
        weights.CopyTo(alpha, 0);
    }

    /// <summary>
    /// Solves for the weights on an update step and reuses them otherwise, or where no solution is found (then the step
    /// reports <c>FellBack</c>, with LibMTL's fallback rather than the base's); clips the norm.
    /// </summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        var count = alpha.Length;
        aggregations++;
        if ((aggregations - 1) % updateWeightsEvery == 0)
        {
            var solved = Solve(gramian, count, candidate, scratch, maxIterations, out var iterations, out _);
            LastIterations = iterations;
            if (solved) candidate.CopyTo(alpha, 0);
            else FallBack();
        }
        alpha.CopyTo(weights);
        if (maxNorm > 0)
        {
            var norm = Math.Sqrt(Math.Max(QuadraticForm(gramian, count, weights), 0));
            if (norm > maxNorm)
            {
                for (var i = 0; i < count; i++) weights[i] *= maxNorm / norm;
            }
        }
        return true;
    }

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
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one loss is needed.");
        if (gramian.Length != count * count) throw new ArgumentException($"A Gramian of {count} losses has {count * count} entries, not {gramian.Length}.", nameof(gramian));
        if (alpha.Length != count) throw new ArgumentException($"There are {count} losses and room for {alpha.Length} weights.", nameof(alpha));
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "At least one iteration is needed.");
        if (!BalancingAlgebra.IsFinite(gramian, count)) throw new ArgumentException("The Gramian has a NaN or an infinite entry.", nameof(gramian));
        return Solve(gramian, count, alpha, new double[ScratchLength(count)], maxIterations, out iterations, out residual);
    }

    /// <summary>αᵀGα, the squared norm of Σ α_i·g_i.</summary>
    private static double QuadraticForm(ReadOnlySpan<double> gramian, int count, ReadOnlySpan<double> weights)
    {
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++) sum += weights[i] * gramian[i * count + j] * weights[j];
        }
        return sum;
    }

    private static int ScratchLength(int count) => 3 * count * count + 6 * count;

    private static bool Solve(ReadOnlySpan<double> gramian, int count, Span<double> alpha, Span<double> scratch, int maxIterations, out int iterations, out double residual)
    {
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
        var m = 0;
        for (var i = 0; i < count; i++)
        {
            norms[i] = Math.Sqrt(Math.Max(gramian[i * count + i], 0));
            if (norms[i] > 0) active[m++] = i;
        }
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
