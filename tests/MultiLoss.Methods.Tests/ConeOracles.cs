using System;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// MGDA, UPGrad, DualProj and CAGrad computed a second way, for small K, independently of the runtime's solvers:
/// every active set is tried and the one that meets the optimality conditions kept (MGDA, the dual-cone projections),
/// and CAGrad's dual is minimised by nested golden-section searches over the simplex (K ≤ 3). Plain doubles, no torch.
/// </summary>
/// <remarks>Also compiled into MultiLoss.Tests, whose hand loops use it.</remarks>
internal static class ConeOracles
{
    private const double Feasibility = 1e-10;

    /// <summary>The Gramian of the rows, K² values row-major.</summary>
    public static double[] Gramian(double[][] rows)
    {
        var k = rows.Length;
        var g = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++) g[i * k + j] = Dot(rows[i], rows[j]);
        }
        return g;
    }

    /// <summary>Σ weights_i·rows_i.</summary>
    public static double[] Combine(double[][] rows, double[] weights)
    {
        var result = new double[rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var n = 0; n < result.Length; n++) result[n] += weights[i] * rows[i][n];
        }
        return result;
    }

    public static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>αᵀGα.</summary>
    public static double Quadratic(double[] g, double[] a)
    {
        var k = a.Length;
        var s = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++) s += a[i] * g[i * k + j] * a[j];
        }
        return s;
    }

    /// <summary>(Gα)_j.</summary>
    public static double RowTimes(double[] g, double[] a, int j)
    {
        var k = a.Length;
        var s = 0.0;
        for (var i = 0; i < k; i++) s += g[j * k + i] * a[i];
        return s;
    }

    /// <summary>
    /// MGDA's weights: α on the simplex minimising αᵀGα, by trying every support S (G_SS·α_S = μ·1 and Σα_S = 1, solved
    /// as one bordered system, which stays regular where G_SS is singular because the min norm is 0).
    /// </summary>
    public static double[] MinNorm(double[] g)
    {
        var k = (int)Math.Round(Math.Sqrt(g.Length));
        var scale = Trace(g, k);
        double[]? best = null;
        var bestValue = double.PositiveInfinity;
        for (var mask = 1; mask < 1 << k; mask++)
        {
            var s = Members(mask, k);
            var m = s.Length;
            var bordered = new double[m + 1, m + 1];
            var rhs = new double[m + 1];
            for (var a = 0; a < m; a++)
            {
                for (var b = 0; b < m; b++) bordered[a, b] = g[s[a] * k + s[b]] / scale;
                bordered[a, m] = -1;
                bordered[m, a] = 1;
            }
            rhs[m] = 1;
            if (Solve(bordered, rhs) is not { } y) continue;
            var alpha = new double[k];
            for (var a = 0; a < m; a++) alpha[s[a]] = y[a];
            if (Array.Exists(alpha, v => v < -Feasibility)) continue;
            var mu = Quadratic(g, alpha);
            var optimal = true;
            for (var j = 0; j < k; j++) optimal &= RowTimes(g, alpha, j) >= mu - Feasibility * scale;
            if (optimal && mu < bestValue)
            {
                best = alpha;
                bestValue = mu;
            }
        }
        return best ?? throw new InvalidOperationException("No support met MGDA's optimality conditions.");
    }

    /// <summary>The v ≥ u minimising vᵀGv, by trying every set S of free variables (G_SS·x_S = −(Gu)_S, v = u + x).</summary>
    public static double[] DualCone(double[] g, double[] u)
    {
        var k = u.Length;
        var scale = Trace(g, k);
        double[]? best = null;
        var bestValue = double.PositiveInfinity;
        for (var mask = 0; mask < 1 << k; mask++)
        {
            var s = Members(mask, k);
            var v = (double[])u.Clone();
            if (s.Length > 0)
            {
                var rhs = new double[s.Length];
                for (var a = 0; a < s.Length; a++) rhs[a] = -RowTimes(g, u, s[a]);
                if (Solve(Sub(g, k, s), rhs) is not { } x) continue;
                if (Array.Exists(x, value => value < -Feasibility)) continue;
                for (var a = 0; a < s.Length; a++) v[s[a]] += x[a];
            }
            var optimal = true;
            for (var j = 0; j < k; j++) optimal &= RowTimes(g, v, j) >= -Feasibility * scale;
            var value = Quadratic(g, v);
            if (optimal && value < bestValue)
            {
                best = v;
                bestValue = value;
            }
        }
        return best ?? throw new InvalidOperationException("No free set met the projection's optimality conditions.");
    }

    /// <summary>UPGrad's weights: (1/K)·Σ_i of the dual-cone weights of e_i.</summary>
    public static double[] UPGrad(double[] g)
    {
        var k = (int)Math.Round(Math.Sqrt(g.Length));
        var weights = new double[k];
        for (var i = 0; i < k; i++)
        {
            var u = new double[k];
            u[i] = 1.0 / k;
            var v = DualCone(g, u);
            for (var j = 0; j < k; j++) weights[j] += v[j];
        }
        return weights;
    }

    /// <summary>DualProj's weights: the dual-cone weights of the mean.</summary>
    public static double[] DualProj(double[] g)
    {
        var k = (int)Math.Round(Math.Sqrt(g.Length));
        var u = new double[k];
        Array.Fill(u, 1.0 / k);
        return DualCone(g, u);
    }

    /// <summary>CAGrad's dual objective F(w) = wᵀGu + c·‖g0‖·√(wᵀGw), u = 1/K.</summary>
    public static double CAGradObjective(double[] g, double c, double[] w)
    {
        var k = w.Length;
        var u = new double[k];
        Array.Fill(u, 1.0 / k);
        var linear = 0.0;
        for (var j = 0; j < k; j++) linear += w[j] * RowTimes(g, u, j);
        return linear + c * Math.Sqrt(Math.Max(Quadratic(g, u), 0)) * Math.Sqrt(Math.Max(Quadratic(g, w), 0));
    }

    /// <summary>
    /// CAGrad's weights (K ≤ 3, no rescaling): w minimising <see cref="CAGradObjective"/> by golden-section searches
    /// (nested for K = 3), then 1/K + c·‖g0‖/‖g_w‖·w_i; 0 when ‖g_w‖ vanishes.
    /// </summary>
    public static double[] CAGrad(double[] g, double c, out double[] dual)
    {
        var k = (int)Math.Round(Math.Sqrt(g.Length));
        if (k > 3) throw new ArgumentException("The golden-section oracle is for at most three losses.");
        var w = k switch
        {
            1 => new[] { 1.0 },
            2 => Pair(g, c, 1.0, 0.0),
            _ => Triple(g, c),
        };
        dual = w;
        var u = new double[k];
        Array.Fill(u, 1.0 / k);
        var radius = c * Math.Sqrt(Math.Max(Quadratic(g, u), 0));
        var norm = Math.Sqrt(Math.Max(Quadratic(g, w), 0));
        var weights = new double[k];
        if (norm <= 1e-6 * Math.Sqrt(Trace(g, k))) return weights;
        for (var i = 0; i < k; i++) weights[i] = 1.0 / k + radius / norm * w[i];
        return weights;
    }

    /// <summary>w = (t, m − t, rest) with t ∈ [0, m] minimising F (rest = 1 − m on the third loss, if any).</summary>
    private static double[] Pair(double[] g, double c, double m, double rest)
    {
        var k = (int)Math.Round(Math.Sqrt(g.Length));
        double[] At(double t) => k == 2 ? new[] { t, m - t } : new[] { t, m - t, rest };
        var t = GoldenSection(t => CAGradObjective(g, c, At(t)), 0, m);
        return At(t);
    }

    private static double[] Triple(double[] g, double c)
    {
        var third = GoldenSection(rest => CAGradObjective(g, c, Pair(g, c, 1 - rest, rest)), 0, 1);
        return Pair(g, c, 1 - third, third);
    }

    private static double GoldenSection(Func<double, double> f, double low, double high)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = high - ratio * (high - low);
        var b = low + ratio * (high - low);
        double fa = f(a), fb = f(b);
        for (var i = 0; i < 120 && high - low > 1e-15; i++)
        {
            if (fa <= fb)
            {
                high = b;
                b = a;
                fb = fa;
                a = high - ratio * (high - low);
                fa = f(a);
            }
            else
            {
                low = a;
                a = b;
                fa = fb;
                b = low + ratio * (high - low);
                fb = f(b);
            }
        }
        // The ends are candidates too: the minimum of F is often at a vertex of the simplex.
        var middle = (low + high) / 2;
        var best = middle;
        foreach (var candidate in new[] { low, high })
        {
            if (f(candidate) < f(best)) best = candidate;
        }
        return best;
    }

    private static double Trace(double[] g, int k)
    {
        var t = 0.0;
        for (var i = 0; i < k; i++) t += g[i * k + i];
        return t;
    }

    private static int[] Members(int mask, int k)
    {
        var count = 0;
        for (var i = 0; i < k; i++) count += (mask >> i) & 1;
        var members = new int[count];
        for (int i = 0, a = 0; i < k; i++)
        {
            if (((mask >> i) & 1) != 0) members[a++] = i;
        }
        return members;
    }

    private static double[,] Sub(double[] g, int k, int[] s)
    {
        var m = new double[s.Length, s.Length];
        for (var a = 0; a < s.Length; a++)
        {
            for (var b = 0; b < s.Length; b++) m[a, b] = g[s[a] * k + s[b]];
        }
        return m;
    }

    /// <summary>A·x = b by Gaussian elimination with partial pivoting; null when A is singular to 1e-12 of its largest entry.</summary>
    private static double[]? Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        var largest = 0.0;
        foreach (var value in m) largest = Math.Max(largest, Math.Abs(value));
        if (largest == 0) return null;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col])) pivot = row;
            }
            if (Math.Abs(m[pivot, col]) < 1e-12 * largest) return null;
            if (pivot != col)
            {
                for (var j = 0; j < n; j++) (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
                (x[col], x[pivot]) = (x[pivot], x[col]);
            }
            for (var row = col + 1; row < n; row++)
            {
                var factor = m[row, col] / m[col, col];
                for (var j = col; j < n; j++) m[row, j] -= factor * m[col, j];
                x[row] -= factor * x[col];
            }
        }
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = x[row];
            for (var j = row + 1; j < n; j++) sum -= m[row, j] * x[j];
            x[row] = sum / m[row, row];
        }
        return x;
    }
}
