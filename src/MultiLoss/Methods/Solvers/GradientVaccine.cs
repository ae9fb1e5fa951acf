using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// GradVac's adjustment of K gradients toward their target cosines, in coefficients over the original gradients, on the
/// host from their Gramian G (see <see cref="GradVac"/>): each g_i' = Σ_k C_ik·g_k, so g_i'·g_j = Σ_k C_ik·G_kj and
/// ‖g_i'‖² = Σ_kl C_ik·G_kl·C_il. For each other loss j in g_i's order, with φ_ij = cos(g_i', g_j), if φ_ij &lt; φ̂_ij then
/// g_i' ← g_i' + ‖g_i'‖·(φ̂_ij·√(1 − φ_ij²) − φ_ij·√(1 − φ̂_ij²)) / (‖g_j‖·√(1 − φ̂_ij²))·g_j; then
/// φ̂_ij ← (1 − β)·φ̂_ij + β·φ_ij. A cosine with a zero gradient is taken as 0; no adjustment is made toward a zero
/// gradient, nor toward a target of 1.
/// </summary>
internal static class GradientVaccine
{
    /// <summary>
    /// One GradVac step over the Gramian: from <paramref name="gramian"/> (K×K, row-major, G_ij = g_i·g_j), the orders
    /// (K blocks of K − 1 indices: block i holds the other losses in the order g_i is adjusted toward them) and the
    /// targets (K×K, row-major, φ̂_ij; updated in place), writes the combination C (K×K, row i the coefficients of g_i'
    /// over the original gradients) and the weights c_j = Σ_i C_ij of the result Σ_j c_j·g_j.
    /// </summary>
    public static void Combine(ReadOnlySpan<double> gramian, int count, ReadOnlySpan<int> orders, Span<double> targets, double beta, Span<double> combination, Span<double> weights)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one loss is needed.");
        var cells = count * count;
        if (gramian.Length != cells) throw new ArgumentException($"A Gramian of {count} losses has {cells} entries, not {gramian.Length}.", nameof(gramian));
        if (targets.Length != cells) throw new ArgumentException($"{count} losses have {cells} targets, not {targets.Length}.", nameof(targets));
        if (combination.Length != cells) throw new ArgumentException($"The combination of {count} losses has {cells} entries, not {combination.Length}.", nameof(combination));
        if (weights.Length != count) throw new ArgumentException($"There are {count} weights, not {weights.Length}.", nameof(weights));
        var others = count - 1;
        if (orders.Length != count * others) throw new ArgumentException($"The orders of {count} losses have {count * others} entries, not {orders.Length}.", nameof(orders));
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < others; k++)
            {
                var j = orders[i * others + k];
                if ((uint)j >= (uint)count || j == i) throw new ArgumentException($"Block {i} of the orders holds {j}.", nameof(orders));
            }
        }
        combination.Clear();
        for (var i = 0; i < count; i++)
        {
            var row = combination.Slice(i * count, count);
            row[i] = 1.0;
            for (var k = 0; k < others; k++)
            {
                var j = orders[i * others + k];
                var normJ = Math.Sqrt(Math.Max(gramian[j * count + j], 0.0));
                var normI = Math.Sqrt(SquaredNorm(gramian, count, row));
                var dot = 0.0;
                for (var m = 0; m < count; m++) dot += row[m] * gramian[m * count + j];
                var cosine = normI > 0 && normJ > 0 ? Math.Clamp(dot / (normI * normJ), -1.0, 1.0) : 0.0;
                ref var target = ref targets[i * count + j];
                if (cosine < target && normJ > 0)
                {
                    var targetSine = Math.Sqrt(Math.Max(1.0 - target * target, 0.0));
                    if (targetSine > 0)
                    {
                        var sine = Math.Sqrt(Math.Max(1.0 - cosine * cosine, 0.0));
                        row[j] += normI * (target * sine - cosine * targetSine) / (normJ * targetSine);
                    }
                }
                target = (1.0 - beta) * target + beta * cosine;
            }
        }
        weights.Clear();
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++) weights[j] += combination[i * count + j];
        }
    }

    /// <summary>‖Σ_k c_k·g_k‖² = Σ_kl c_k·G_kl·c_l (at least 0).</summary>
    private static double SquaredNorm(ReadOnlySpan<double> gramian, int count, ReadOnlySpan<double> c)
    {
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            if (c[k] == 0) continue;
            var inner = 0.0;
            for (var l = 0; l < count; l++) inner += gramian[k * count + l] * c[l];
            sum += c[k] * inner;
        }
        return Math.Max(sum, 0.0);
    }
}
