using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// MoCo's update of the weights λ on the simplex Δ = {λ ≥ 0, Σλ = 1} (see <see cref="MoCo"/>): one projected gradient
/// step λ ← Π_Δ(λ − γ·(G + ρ·I)·λ) on ½·λᵀ(G + ρ·I)λ, with G the Gramian of the tracked gradients and Π_Δ the exact,
/// sort-based Euclidean projection onto the simplex (<see cref="BalancingAlgebra.ProjectOntoSimplex"/>).
/// </summary>
internal static class ProjectedGradientWeights
{
    /// <summary>
    /// One step of the weights: λ ← Π_Δ(λ − γ·(G + ρ·I)·λ), with G the Gramian of the tracked gradients (K×K, row-major).
    /// <paramref name="trial"/> and <paramref name="scratch"/> are work space of K values each.
    /// </summary>
    public static void Step(ReadOnlySpan<double> gramian, int count, double gamma, double rho, Span<double> lambda, Span<double> trial, Span<double> scratch)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one loss is needed.");
        if (gramian.Length != count * count) throw new ArgumentException($"A Gramian of {count} losses has {count * count} entries, not {gramian.Length}.", nameof(gramian));
        if (lambda.Length != count || trial.Length != count || scratch.Length != count) throw new ArgumentException($"λ and the work space hold {count} values each.", nameof(lambda));
        for (var i = 0; i < count; i++)
        {
            var product = rho * lambda[i];
            for (var j = 0; j < count; j++) product += gramian[i * count + j] * lambda[j];
            trial[i] = lambda[i] - gamma * product;
        }
        BalancingAlgebra.ProjectOntoSimplex(trial, lambda, scratch);
    }
}
