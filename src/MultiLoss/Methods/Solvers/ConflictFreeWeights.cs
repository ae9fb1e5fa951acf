using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// ConFIG's coefficients from the Gramian G of K gradients: c = (1ᵀGβ / βᵀGβ)·β with β = diag(d)⁻¹·C⁺·1, C the cosine
/// matrix and d_i = ‖g_i‖, so that Σ c_i·g_i is the direction with the same inner product with every unit gradient,
/// scaled by the sum of the gradients' projections on it (see <see cref="ConFig"/>).
/// </summary>
internal sealed class ConflictFreeWeights(int size)
{
    private readonly double[] scratch = new double[3 * size * size + 4 * size];

    /// <summary>The number of gradients K.</summary>
    public int Size => size;

    /// <summary>
    /// Writes ConFIG's coefficients c for the Gramian <paramref name="gramian"/> (K², row-major, finite) into
    /// <paramref name="weights"/>; eigenvalues of the cosine matrix at most λ_max·K·<paramref name="epsilon"/> count as zero.
    /// </summary>
    public void Solve(ReadOnlySpan<double> gramian, double epsilon, Span<double> weights)
    {
        var count = size;
        if (gramian.Length != count * count) throw new ArgumentException($"The Gramian of {count} vectors has {count * count} values, not {gramian.Length}.", nameof(gramian));
        if (weights.Length != count) throw new ArgumentException($"There are {count} weights, not {weights.Length}.", nameof(weights));
        var norms = scratch.AsSpan(0, count);
        var ones = scratch.AsSpan(count, count);
        var beta = scratch.AsSpan(2 * count, count);
        var cosines = scratch.AsSpan(3 * count, count * count);
        var work = scratch.AsSpan(3 * count + count * count);
        for (var i = 0; i < count; i++) norms[i] = Math.Sqrt(Math.Max(gramian[i * count + i], 0));
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                cosines[i * count + j] = norms[i] > 0 && norms[j] > 0 ? gramian[i * count + j] / (norms[i] * norms[j]) : 0;
            }
            if (norms[i] > 0) cosines[i * count + i] = 1;
        }
        ones.Fill(1.0);
        BalancingAlgebra.PseudoInverseSolve(cosines, count, count * epsilon, ones, beta, work);
        // β = diag(d)⁻¹·C⁺·1, zero for the zero gradients.
        for (var i = 0; i < count; i++) beta[i] = norms[i] > 0 ? beta[i] / norms[i] : 0;
        double squared = 0, length = 0;
        for (var i = 0; i < count; i++)
        {
            var row = 0.0;
            for (var j = 0; j < count; j++) row += gramian[i * count + j] * beta[j];
            squared += beta[i] * row;
            length += row;
        }
        weights.Clear();
        if (!(squared > 0)) return;
        var factor = length / squared;
        for (var i = 0; i < count; i++) weights[i] = factor * beta[i];
    }
}
