using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// PCGrad's projections of K gradients off the others they conflict with, in coefficients over the original gradients,
/// on the host from their Gramian G (see <see cref="PCGrad"/>): row i of C holds g_i's projection as Σ_k C_ik·g_k, so
/// g_i·g_j = Σ_k C_ik·G_kj. For each other loss j in g_i's order, if g_i·g_j &lt; 0 then g_i ← g_i − (g_i·g_j)/‖g_j‖²·g_j
/// (g_j the original; one of zero norm projects nothing). The result is Σ_i g_i = Σ_k c_k·g_k with c_k = Σ_i C_ik.
/// </summary>
internal static class ConflictProjection
{
    /// <summary>
    /// Projects each gradient off the others, from <paramref name="gramian"/> (K×K, row-major, G_ij = g_i·g_j) and the
    /// orders (K blocks of K − 1 indices: block i holds the other losses in the order g_i is projected off them); writes
    /// the projections' coefficients C (K×K, row-major) into <paramref name="projections"/> and c_k = Σ_i C_ik into
    /// <paramref name="sums"/>.
    /// </summary>
    public static void Combine(ReadOnlySpan<double> gramian, ReadOnlySpan<int> orders, Span<double> projections, Span<double> sums)
    {
        var count = sums.Length;
        var others = count - 1;
        if (gramian.Length != count * count) throw new ArgumentException($"A Gramian of {count} losses has {count * count} entries, not {gramian.Length}.", nameof(gramian));
        if (projections.Length != count * count) throw new ArgumentException($"The projections of {count} losses have {count * count} entries, not {projections.Length}.", nameof(projections));
        if (orders.Length != count * others) throw new ArgumentException($"The orders of {count} losses have {count * others} entries, not {orders.Length}.", nameof(orders));
        projections.Clear();
        for (var i = 0; i < count; i++)
        {
            projections[i * count + i] = 1;
            foreach (var j in orders.Slice(i * others, others))
            {
                var dot = 0.0;
                for (var k = 0; k < count; k++) dot += projections[i * count + k] * gramian[k * count + j];
                var squaredNorm = gramian[j * count + j];
                if (dot < 0 && squaredNorm > 0) projections[i * count + j] -= dot / squaredNorm;
            }
        }
        sums.Clear();
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < count; k++) sums[k] += projections[i * count + k];
        }
    }
}
