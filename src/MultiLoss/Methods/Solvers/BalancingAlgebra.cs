using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// The small dense linear algebra that IMTL-G, Nash-MTL, Aligned-MTL, ConFIG and MoCo do on the host, on the K×K
/// Gramian of the losses' gradients (K ≤ 16 here): a symmetric eigen-decomposition, a linear solve with partial pivoting,
/// a Cholesky solve and the projection onto the simplex. Matrices are row-major spans of n·n doubles; nothing here
/// allocates.
/// </summary>
internal static class BalancingAlgebra
{
    /// <summary>
    /// Writes each gradient's norm √G_ii into <paramref name="norms"/> and the indices of those that are not zero into
    /// <paramref name="active"/>; returns how many are not zero.
    /// </summary>
    public static int NonZeroGradients(ReadOnlySpan<double> gramian, int count, Span<double> norms, Span<int> active)
    {
        var m = 0;
        for (var i = 0; i < count; i++)
        {
            norms[i] = Math.Sqrt(Math.Max(gramian[i * count + i], 0));
            if (norms[i] > 0) active[m++] = i;
        }
        return m;
    }

    /// <summary>The most sweeps <see cref="SymmetricEigen"/> makes; cyclic Jacobi needs about ten for n = 16 in double precision.</summary>
    public const int MaxJacobiSweeps = 60;

    /// <summary>The spacing of doubles at 1, 2⁻⁵².</summary>
    public const double Epsilon = 2.220446049250313e-16;

    /// <summary>
    /// The eigenvalues of the symmetric <paramref name="matrix"/> (n×n, only read) in ascending order, and their
    /// eigenvectors as the columns of <paramref name="vectors"/> (n×n: vectors[i·n + k] is component i of vector k).
    /// </summary>
    /// <remarks>
    /// Cyclic Jacobi rotations (Golub &amp; Van Loan, Matrix Computations, 8.5) on a copy held in
    /// <paramref name="work"/> (n·n). A sweep visits every off-diagonal entry a_pq once: it is set to zero without a
    /// rotation when |a_pq| ≤ ε·√|a_pp·a_qq| or |a_pq| ≤ ε²·‖A‖_F (ε = 2⁻⁵², below what the diagonal entries can
    /// resolve: the test of Demmel &amp; Veselić that keeps small eigenvalues accurate), and rotated to zero otherwise.
    /// It stops after the first sweep that rotates nothing, a handful of sweeps for n = 16 (the method converges
    /// quadratically), and after <see cref="MaxJacobiSweeps"/> at most. The eigenvectors are orthonormal to rounding.
    /// Input with a NaN or an infinity gives NaN values: check before calling.
    /// </remarks>
    public static void SymmetricEigen(ReadOnlySpan<double> matrix, int n, Span<double> values, Span<double> vectors, Span<double> work)
    {
        var a = work[..(n * n)];
        matrix[..(n * n)].CopyTo(a);
        var v = vectors[..(n * n)];
        v.Clear();
        for (var i = 0; i < n; i++) v[i * n + i] = 1.0;
        var total = 0.0;
        foreach (var x in a) total += x * x;
        var floor = Epsilon * Epsilon * Math.Sqrt(total);
        for (var sweep = 0; sweep < MaxJacobiSweeps; sweep++)
        {
            var rotated = false;
            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[p * n + q];
                    if (apq == 0) continue;
                    if (Math.Abs(apq) <= Epsilon * Math.Sqrt(Math.Abs(a[p * n + p] * a[q * n + q])) || Math.Abs(apq) <= floor)
                    {
                        a[p * n + q] = 0;
                        a[q * n + p] = 0;
                        continue;
                    }
                    // The rotation J (c at (p,p) and (q,q), s at (p,q), −s at (q,p)) with (JᵀAJ)_pq = 0; t = tan of its
                    // angle, the smaller root of t² + 2θt − 1 = 0.
                    var theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    var t = Math.Abs(theta) > 1e150 ? 0.5 / theta : (theta >= 0 ? 1 : -1) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k * n + p];
                        var akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p * n + k];
                        var aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    a[p * n + q] = 0;
                    a[q * n + p] = 0;
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k * n + p];
                        var vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                    rotated = true;
                }
            }
            if (!rotated) break;
        }
        for (var i = 0; i < n; i++) values[i] = a[i * n + i];
        // Insertion sort, ascending, moving the vectors with their values.
        for (var i = 1; i < n; i++)
        {
            for (var j = i; j > 0 && values[j] < values[j - 1]; j--)
            {
                (values[j], values[j - 1]) = (values[j - 1], values[j]);
                for (var k = 0; k < n; k++) (v[k * n + j], v[k * n + j - 1]) = (v[k * n + j - 1], v[k * n + j]);
            }
        }
    }

    /// <summary>
    /// Solves <paramref name="matrix"/>·x = <paramref name="rhs"/> (n×n, any square matrix) by Gaussian elimination
    /// with partial pivoting on copies in <paramref name="work"/> (n·n + n); false, with <paramref name="solution"/>
    /// undefined, when a pivot is at most <paramref name="relativeTolerance"/> times the largest entry of the matrix in
    /// magnitude (the matrix is singular to that tolerance) or the matrix is zero.
    /// </summary>
    public static bool TrySolve(ReadOnlySpan<double> matrix, ReadOnlySpan<double> rhs, int n, Span<double> solution, Span<double> work, double relativeTolerance)
    {
        var a = work[..(n * n)];
        var b = work.Slice(n * n, n);
        matrix[..(n * n)].CopyTo(a);
        rhs[..n].CopyTo(b);
        var largest = 0.0;
        foreach (var x in a) largest = Math.Max(largest, Math.Abs(x));
        if (!(largest > 0)) return false;
        var tolerance = relativeTolerance * largest;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[row * n + col]) > Math.Abs(a[pivot * n + col])) pivot = row;
            }
            if (!(Math.Abs(a[pivot * n + col]) > tolerance)) return false;
            if (pivot != col)
            {
                for (var k = 0; k < n; k++) (a[col * n + k], a[pivot * n + k]) = (a[pivot * n + k], a[col * n + k]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (var row = col + 1; row < n; row++)
            {
                var factor = a[row * n + col] / a[col * n + col];
                if (factor == 0) continue;
                for (var k = col; k < n; k++) a[row * n + k] -= factor * a[col * n + k];
                b[row] -= factor * b[col];
            }
        }
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = b[row];
            for (var k = row + 1; k < n; k++) sum -= a[row * n + k] * solution[k];
            solution[row] = sum / a[row * n + row];
        }
        return true;
    }

    /// <summary>
    /// Solves <paramref name="matrix"/>·x = <paramref name="rhs"/> for a symmetric positive definite matrix by its
    /// Cholesky factor, computed in <paramref name="work"/> (n·n); false when a pivot is not positive (the matrix is
    /// not positive definite to rounding).
    /// </summary>
    public static bool TryCholeskySolve(ReadOnlySpan<double> matrix, ReadOnlySpan<double> rhs, int n, Span<double> solution, Span<double> work)
    {
        var l = work[..(n * n)];
        l.Clear();
        for (var j = 0; j < n; j++)
        {
            var diagonal = matrix[j * n + j];
            for (var k = 0; k < j; k++) diagonal -= l[j * n + k] * l[j * n + k];
            if (!(diagonal > 0)) return false;
            var pivot = Math.Sqrt(diagonal);
            l[j * n + j] = pivot;
            for (var i = j + 1; i < n; i++)
            {
                var sum = matrix[i * n + j];
                for (var k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = sum / pivot;
            }
        }
        for (var i = 0; i < n; i++)
        {
            var sum = rhs[i];
            for (var k = 0; k < i; k++) sum -= l[i * n + k] * solution[k];
            solution[i] = sum / l[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = solution[i];
            for (var k = i + 1; k < n; k++) sum -= l[k * n + i] * solution[k];
            solution[i] = sum / l[i * n + i];
        }
        return true;
    }

    /// <summary>
    /// x = M⁺·<paramref name="rhs"/> for a symmetric positive semi-definite M given by its eigen-decomposition
    /// (<paramref name="values"/> ascending, <paramref name="vectors"/> as columns): the eigenvalues at most
    /// <paramref name="cutoff"/> count as zero.
    /// </summary>
    public static void PseudoInverseTimes(ReadOnlySpan<double> values, ReadOnlySpan<double> vectors, int n, double cutoff, ReadOnlySpan<double> rhs, Span<double> solution)
    {
        solution[..n].Clear();
        for (var k = 0; k < n; k++)
        {
            if (!(values[k] > cutoff)) continue;
            var projection = 0.0;
            for (var i = 0; i < n; i++) projection += vectors[i * n + k] * rhs[i];
            projection /= values[k];
            for (var i = 0; i < n; i++) solution[i] += projection * vectors[i * n + k];
        }
    }

    /// <summary>
    /// x = M⁺·<paramref name="rhs"/> for the symmetric positive semi-definite n×n <paramref name="matrix"/> M, from its
    /// eigen-decomposition (<see cref="SymmetricEigen"/>) in <paramref name="work"/> (2·n·n + n): the eigenvalues at most
    /// <paramref name="relativeCutoff"/>·max(λ_max, 0) count as zero.
    /// </summary>
    public static void PseudoInverseSolve(ReadOnlySpan<double> matrix, int n, double relativeCutoff, ReadOnlySpan<double> rhs, Span<double> solution, Span<double> work)
    {
        var values = work[..n];
        var vectors = work.Slice(n, n * n);
        SymmetricEigen(matrix, n, values, vectors, work.Slice(n + n * n, n * n));
        PseudoInverseTimes(values, vectors, n, Math.Max(values[n - 1], 0) * relativeCutoff, rhs, solution);
    }

    /// <summary>xᵀ·M·x for the n×n <paramref name="matrix"/> M: for a Gramian, the squared norm of Σ x_i·g_i.</summary>
    public static double QuadraticForm(ReadOnlySpan<double> matrix, int n, ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) sum += x[i] * matrix[i * n + j] * x[j];
        }
        return sum;
    }

    /// <summary>
    /// The Euclidean projection of <paramref name="point"/> onto the simplex {x ≥ 0, Σx = 1}, into
    /// <paramref name="projection"/>: x_i = max(u_i − τ, 0), with τ from the sorted values u_(1) ≥ … ≥ u_(K):
    /// τ = (Σ_{r≤ρ} u_(r) − 1)/ρ for the largest ρ with u_(ρ) − (Σ_{r≤ρ} u_(r) − 1)/ρ &gt; 0 (exact, no iteration).
    /// <paramref name="scratch"/> holds K values.
    /// </summary>
    public static void ProjectOntoSimplex(ReadOnlySpan<double> point, Span<double> projection, Span<double> scratch)
    {
        var count = point.Length;
        if (count < 1) throw new ArgumentException("At least one value is needed.", nameof(point));
        if (projection.Length != count || scratch.Length != count) throw new ArgumentException($"The projection and the work space hold {count} values each.", nameof(projection));
        point.CopyTo(scratch);
        scratch.Sort();
        var sum = 0.0;
        var tau = 0.0;
        for (var r = 1; r <= count; r++)
        {
            var value = scratch[count - r];
            sum += value;
            var candidate = (sum - 1.0) / r;
            if (value - candidate > 0) tau = candidate;
        }
        for (var i = 0; i < count; i++) projection[i] = Math.Max(point[i] - tau, 0.0);
    }

    /// <summary>True when every entry of the n×n <paramref name="matrix"/> is finite.</summary>
    public static bool IsFinite(ReadOnlySpan<double> matrix, int n)
    {
        foreach (var x in matrix[..(n * n)])
        {
            if (!double.IsFinite(x)) return false;
        }
        return true;
    }
}
