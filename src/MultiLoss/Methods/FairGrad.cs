using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

/// <summary>
/// FairGrad, fair resource allocation in multi-task learning (Ban &amp; Ji 2024): with g_i the gradient of w_i·L_i of the
/// shared parameters and G = J·Jᵀ their Gramian, the weights ω &gt; 0 solve the α-fair optimality system
/// G·ω = ω^(−1/α) (elementwise), and the gradient is d = Σ_i ω_i·g_i. At the solution each loss's rate of decrease along
/// d, g_i·d, is ω_i^(−1/α): α = 1 is proportional fairness, larger α favours the slower losses more.
/// </summary>
/// <remarks>
/// <para>The system is solved on the host in float64 (<see cref="AlphaFairWeights.Solve(ReadOnlySpan{double}, int, double, Span{double})"/>), and the ω_i are reported as the losses'
/// effective weights. G·ω = ω^(−1/α) is the stationarity condition of the strictly convex
/// Φ(ω) = ½·ωᵀGω − Σ_i h(ω_i) over ω &gt; 0, with h(ω) = ln ω for α = 1 and ω^(1 − 1/α)/(1 − 1/α) otherwise. The solver
/// minimises Φ by Newton's method from the diagonal solution ω_i = G_ii^(−α/(α+1)): each step d solves
/// (G + diag(ω^(−1/α − 1))/α)·d = −∇Φ (Cholesky) and is searched along two paths, ω + s·d (s at most what keeps every
/// ω_i above a tenth of its value) and ω_i·exp(s·d_i/ω_i) (Newton's step in log ω, which lets a weight shrink by orders
/// of magnitude; at most a factor e^30 per step). Along each, s is halved from its largest value (at most 60 times)
/// until Φ falls by 10⁻⁴·s·(−∇Φ·d) (Armijo), or, where Φ is unchanged within its rounding (64 ε times the sum of its
/// terms' magnitudes: weights of very different sizes), until the stopping rule's residual falls. Of the two points the one with
/// the lower Φ is taken (the lower residual where the two Φ agree within rounding).</para>
/// <para>Stopping rule: every equation holds to a relative <see cref="AlphaFairWeights.Tolerance"/>,
/// |(Gω)_i − ω_i^(−1/α)| ≤ 10⁻¹⁰·(Σ_j |G_ij|·ω_j + ω_i^(−1/α)), or <see cref="AlphaFairWeights.MaxIterations"/> Newton steps were taken
/// or neither path finds an acceptable point (the last iterate is used; <see cref="LastSolution"/> says which).</para>
/// <para>Degenerate inputs: a loss whose gradient is zero (G_ii = 0) has no finite solution (its equation reads
/// 0 = ω_i^(−1/α)); it gets weight 0 and the system is solved over the others. When a non-negative combination of the
/// gradients is zero the exact weights grow without bound; the solver works with G + δ·diag(G), δ = 10⁻¹⁰
/// (<see cref="AlphaFairWeights.Ridge"/>), which is positive definite, so the system has a unique finite solution, and which changes each
/// equation of a well-posed one by at most δ relatively. A Gramian that is not finite gives NaN weights.</para>
/// <para>α is limited to [<see cref="MinAlpha"/>, <see cref="MaxAlpha"/>]: the weights are the rates to the power −α,
/// and beyond that range, with losses whose rates differ widely, they leave the range of a double.</para>
/// </remarks>
public sealed class FairGrad : GramianAggregationMethod
{
    /// <summary>The smallest α.</summary>
    public const double MinAlpha = 0.01;

    /// <summary>The largest α.</summary>
    public const double MaxAlpha = 10;

    private double[] weights = [];
    private AlphaFairWeights.Workspace? workspace;

    /// <summary>FairGrad with fairness α in [0.01, 10].</summary>
    public FairGrad(double alpha = 1.0)
    {
        if (!(alpha >= MinAlpha && alpha <= MaxAlpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"α is in [{MinAlpha}, {MaxAlpha}].");
        Alpha = alpha;
    }

    /// <summary>The fairness α.</summary>
    public double Alpha { get; }

    /// <summary>How the latest solve ended.</summary>
    public FairGradSolution LastSolution { get; private set; }

    /// <summary>ω_i of the latest aggregation.</summary>
    public double Weight(int i) => weights[CheckIndex(i)];

    /// <inheritdoc />
    protected override void OnInitialize(MethodContext context)
    {
        weights = new double[context.LossCount];
        workspace = new AlphaFairWeights.Workspace(context.LossCount);
    }

    /// <summary>Solves for ω on the host and writes Σ ω_i·g_i.</summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        LastSolution = AlphaFairWeights.Solve(gramian, weights.Length, Alpha, weights, workspace!);
        weights.CopyTo(this.weights);
        return LastSolution.Converged;
    }
}
