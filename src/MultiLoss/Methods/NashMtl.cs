using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

/// <summary>
/// Nash-MTL (Navon, Shamsian, Achituve, Maron, Kawaguchi, Chechik &amp; Fetaya, ICML 2022): the losses bargain over the
/// update. With G = J·Jᵀ the Gramian of their gradients, the weights α &gt; 0 solve α ∘ (G·α) = 1 (each α_i·g_iᵀ·Σ_j α_j·g_j
/// = 1), and the aggregated gradient is Σ α_i·g_i, its norm clipped to <c>maxNorm</c> (the reference implementations'
/// <c>max_norm</c>, 1 by default: the exact solution's norm is √K, so the default always clips).
/// </summary>
/// <remarks>
/// <para>The weights are found on the host by Newton's method (<see cref="NashBargainingWeights"/>), not the reference
/// implementations' sequence of convex programs (cvxpy with ECOS, 20 iterations at most): α ∘ (G·α) = 1 is where the
/// gradient of the strictly convex f(α) = ½·αᵀGα − Σ log α_i vanishes, so a damped Newton method on f converges from
/// any α &gt; 0 and stays positive. The weights are recomputed every <c>updateWeightsEvery</c> steps (the first step
/// included) and reused, with the new gradients, in between, as in LibMTL and torchjd.</para>
/// <para>Where no weights solve it (a Gramian rounded in float32 whose cosine matrix is slightly indefinite, such as two
/// opposite gradients near the Pareto set), the equation is solved again with a larger ε, up to
/// <see cref="NashBargainingWeights.MaxRegularisation"/>; where none of those converges, the step keeps the latest weights (1 each before the
/// first solution) and reports <c>FellBack</c>, as LibMTL's and torchjd's Nash-MTL keep theirs when the convex solver
/// fails.</para>
/// <para>The clipping scales the weights (torchjd's choice), so the reported effective weights are those of the
/// gradient that was applied; LibMTL clips the shared parameters' gradient after its backward pass, which gives them
/// the same gradient. As for every aggregation here, the parameters outside the shared layer get the gradient of the
/// declared weighted sum, where LibMTL backpropagates Σ α_i·L_i through them too.</para>
/// </remarks>
public sealed class NashMtl : GramianAggregationMethod
{
    private readonly double maxNorm;
    private readonly int updateWeightsEvery;
    private readonly int maxIterations;
    private double[] alpha = [];
    private double[] scratch = [];

    /// <summary>Nash-MTL with the gradient's norm clipped to <paramref name="maxNorm"/> (0: not clipped) and the weights recomputed every <paramref name="updateWeightsEvery"/> steps.</summary>
    /// <param name="maxNorm">The largest norm of the aggregated gradient; 0 leaves it as it is.</param>
    /// <param name="updateWeightsEvery">How many steps one solution of the weights serves (1: every step).</param>
    /// <param name="maxIterations">The most Newton iterations per solution and ε; where none converges the step keeps its previous weights (<see cref="GradientAggregationMethod.FellBack"/>).</param>
    public NashMtl(double maxNorm = 1.0, int updateWeightsEvery = 1, int maxIterations = NashBargainingWeights.DefaultMaxIterations)
    {
        this.maxNorm = FiniteNotNegative(maxNorm, "The largest norm is finite and at least 0 (0: no clipping).");
        if (updateWeightsEvery < 1) throw new ArgumentOutOfRangeException(nameof(updateWeightsEvery), updateWeightsEvery, "The weights are recomputed every step or less often.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "At least one iteration is needed.");
        this.updateWeightsEvery = updateWeightsEvery;
        this.maxIterations = maxIterations;
    }

    /// <summary>The number of steps that aggregated so far (saved with the state): it decides which steps recompute the weights.</summary>
    public long Aggregations { get; private set; }

    /// <inheritdoc />
    protected override string DisplayName => "Nash-MTL";

    /// <summary>The Newton iterations of the latest solution of the weights (0 before the first), over every ε tried.</summary>
    public int LastIterations { get; private set; }

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        var count = context.LossCount;
        alpha = SavedValues("Alpha", new double[count]);
        alpha.AsSpan().Fill(1.0);
        SavedCount("Aggregations", () => Aggregations, saved => Aggregations = saved);
        scratch = new double[NashBargainingWeights.ScratchLength(count)];
    }

    /// <summary>
    /// Solves for the weights on an update step and reuses them otherwise, or where no solution is found (then the step
    /// reports <c>FellBack</c>, with LibMTL's fallback rather than the base's); clips the norm.
    /// </summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        var count = alpha.Length;
        if (Aggregations++ % updateWeightsEvery == 0)
        {
            Span<double> candidate = stackalloc double[count];
            var solved = NashBargainingWeights.TrySolve(gramian, count, candidate, scratch, out var iterations, out _, maxIterations);
            LastIterations = iterations;
            if (solved) candidate.CopyTo(alpha);
            else FallBack();
        }
        alpha.CopyTo(weights);
        var norm = Math.Sqrt(Math.Max(BalancingAlgebra.QuadraticForm(gramian, count, weights), 0));
        if (maxNorm > 0 && norm > maxNorm)
        {
            for (var i = 0; i < count; i++) weights[i] *= maxNorm / norm;
        }
        return true;
    }
}
