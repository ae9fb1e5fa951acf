using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// IMTL-G's weights from the Gramian G of K gradients: the α, Σ α_i = 1, whose combination Σ α_i·g_i has the same
/// projection on every unit gradient, by the paper's closed form or, where its system is singular, torchjd's
/// generalisation (see <see cref="ImtlG"/>).
/// </summary>
internal sealed class ImpartialWeights(int size)
{
    private readonly double[] scratch = new double[5 * size * size + 6 * size];

    /// <summary>The number of gradients K.</summary>
    public int Size => size;

    /// <summary>Writes IMTL-G's weights α for the Gramian <paramref name="gramian"/> (K², row-major, finite) into <paramref name="weights"/>.</summary>
    public void Solve(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        var count = size;
        if (gramian.Length != count * count) throw new ArgumentException($"The Gramian of {count} vectors has {count * count} values, not {gramian.Length}.", nameof(gramian));
        if (weights.Length != count) throw new ArgumentException($"There are {count} weights, not {weights.Length}.", nameof(weights));
        weights.Clear();
        Span<int> active = stackalloc int[count];
        var norms = scratch.AsSpan(0, count);
        var m = BalancingAlgebra.NonZeroGradients(gramian, count, norms, active);
        if (m == 0) return;
        if (m == 1)
        {
            weights[active[0]] = 1;
            return;
        }
        var n = m - 1;
        var system = scratch.AsSpan(count, n * n);
        var rhs = scratch.AsSpan(count + n * n, n);
        var solution = scratch.AsSpan(count + n * n + n, n);
        var work = scratch.AsSpan(count + n * n + 2 * n, n * n + n);
        var r = active[0];
        var grr = gramian[r * count + r];
        for (var j = 0; j < n; j++)
        {
            var aj = active[j + 1];
            // (u_r − u_j)·g_r
            rhs[j] = grr / norms[r] - gramian[aj * count + r] / norms[aj];
            for (var i = 0; i < n; i++)
            {
                var ai = active[i + 1];
                // (u_r − u_j)·(g_r − g_i)
                system[j * n + i] = (grr - gramian[r * count + ai]) / norms[r] - (gramian[aj * count + r] - gramian[aj * count + ai]) / norms[aj];
            }
        }
        if (BalancingAlgebra.TrySolve(system, rhs, n, solution, work, ImtlG.SingularTolerance))
        {
            var rest = 0.0;
            for (var i = 0; i < n; i++)
            {
                weights[active[i + 1]] = solution[i];
                rest += solution[i];
            }
            weights[r] = 1 - rest;
            return;
        }
        Generalised(gramian, count, norms, weights, scratch.AsSpan(count));
    }

    /// <summary>α = G⁺·d / Σ(G⁺·d), d_i = ‖g_i‖, into <paramref name="weights"/> (zeros, left so when Σ(G⁺·d) is 0 to rounding); eigenvalues of G at most <see cref="ImtlG.SingularTolerance"/>·λ_max count as zero.</summary>
    private static void Generalised(ReadOnlySpan<double> gramian, int count, ReadOnlySpan<double> norms, Span<double> weights, Span<double> scratch)
    {
        var v = scratch[..count];
        BalancingAlgebra.PseudoInverseSolve(gramian, count, ImtlG.SingularTolerance, norms, v, scratch[count..]);
        double sum = 0, magnitude = 0;
        for (var i = 0; i < count; i++)
        {
            sum += v[i];
            magnitude += Math.Abs(v[i]);
        }
        if (!(Math.Abs(sum) > 1e-12 * magnitude)) return;
        for (var i = 0; i < count; i++) weights[i] = v[i] / sum;
    }
}
