using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// Aligned-MTL's weights from the Gramian G of K gradients: α = B·1 with B = √λ_s·V·Λ^(−½)·Vᵀ over the eigenvalues of
/// G = V·Λ·Vᵀ that are kept, λ_s the one <see cref="AlignedMtlScale"/> picks (see <see cref="AlignedMtl"/>).
/// </summary>
internal sealed class AlignedWeights(int size)
{
    private readonly double[] scratch = new double[2 * size * size + size];

    /// <summary>The number of gradients K.</summary>
    public int Size => size;

    /// <summary>
    /// Writes Aligned-MTL's weights α = B·1 for the Gramian <paramref name="gramian"/> (K², row-major, finite) into
    /// <paramref name="weights"/>; eigenvalues at most λ_max·K·<paramref name="epsilon"/> count as zero (all of them: α = 1).
    /// </summary>
    public void Solve(ReadOnlySpan<double> gramian, AlignedMtlScale scale, double epsilon, Span<double> weights)
    {
        var count = size;
        if (gramian.Length != count * count) throw new ArgumentException($"The Gramian of {count} vectors has {count * count} values, not {gramian.Length}.", nameof(gramian));
        if (weights.Length != count) throw new ArgumentException($"There are {count} weights, not {weights.Length}.", nameof(weights));
        var values = scratch.AsSpan(0, count);
        var vectors = scratch.AsSpan(count, count * count);
        var work = scratch.AsSpan(count + count * count, count * count);
        BalancingAlgebra.SymmetricEigen(gramian, count, values, vectors, work);
        var cutoff = values[count - 1] * count * epsilon;
        // The eigenvalues kept, ascending: values[first …].
        var first = count;
        while (first > 0 && values[first - 1] > cutoff) first--;
        var rank = count - first;
        if (rank == 0)
        {
            weights.Fill(1.0);
            return;
        }
        var lambdaS = scale switch
        {
            AlignedMtlScale.Min => values[first],
            // torch.median: the lower middle value, index ⌊(R − 1)/2⌋ in ascending order.
            AlignedMtlScale.Median => values[first + (rank - 1) / 2],
            _ => Mean(values[first..count]),
        };
        // α = √λ_s · Σ_k v_k·(v_k·1)/√λ_k over the kept eigenvalues.
        weights.Clear();
        for (var k = first; k < count; k++)
        {
            var sum = 0.0;
            for (var i = 0; i < count; i++) sum += vectors[i * count + k];
            var factor = Math.Sqrt(lambdaS / values[k]) * sum;
            for (var i = 0; i < count; i++) weights[i] += factor * vectors[i * count + k];
        }
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values) sum += value;
        return sum / values.Length;
    }
}
