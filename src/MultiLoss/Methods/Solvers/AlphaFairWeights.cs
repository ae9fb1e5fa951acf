using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// FairGrad's α-fair weights from the Gramian G: the ω &gt; 0 that solve G·ω = ω^(−1/α), by a damped Newton method on
/// the host (see <see cref="FairGrad"/> for the stopping rule and the singular cases).
/// </summary>
internal static class AlphaFairWeights
{
    /// <summary>The relative tolerance of the stopping rule.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>The most Newton steps one solve takes.</summary>
    public const int MaxIterations = 200;

    /// <summary>δ: the solver works with G + δ·diag(G).</summary>
    public const double Ridge = 1e-10;

    /// <summary>2⁻⁵², the spacing of doubles at 1.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The α-fair weights for the Gramian <paramref name="gramian"/> (K×K, row-major, symmetric positive semi-definite)
    /// into <paramref name="weights"/>, as described on <see cref="FairGrad"/>.
    /// </summary>
    public static FairGradSolution Solve(ReadOnlySpan<double> gramian, int count, double alpha, Span<double> weights)
        => Solve(gramian, count, alpha, weights, new Workspace(Math.Max(count, 1)));

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha >= FairGrad.MinAlpha && alpha <= FairGrad.MaxAlpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"α is in [{FairGrad.MinAlpha}, {FairGrad.MaxAlpha}].");
    }

    /// <summary>As <see cref="Solve(ReadOnlySpan{double}, int, double, Span{double})"/>, in <paramref name="space"/>'s arrays (for K losses or more): nothing is allocated.</summary>
    public static FairGradSolution Solve(ReadOnlySpan<double> gramian, int count, double alpha, Span<double> weights, Workspace space)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one loss is needed.");
        if (gramian.Length != count * count) throw new ArgumentException($"A Gramian of {count} losses has {count * count} entries, not {gramian.Length}.", nameof(gramian));
        if (weights.Length != count) throw new ArgumentException($"There are {count} weights, not {weights.Length}.", nameof(weights));
        if (space.Active.Length < count) throw new ArgumentException($"The workspace is for {space.Active.Length} losses, not {count}.", nameof(space));
        CheckAlpha(alpha);
        foreach (var value in gramian)
        {
            if (!double.IsFinite(value))
            {
                weights.Fill(double.NaN);
                return new FairGradSolution(0, double.NaN, false);
            }
        }
        weights.Clear();
        var active = space.Active;
        var size = 0;
        for (var i = 0; i < count; i++)
        {
            if (gramian[i * count + i] > 0) active[size++] = i;
        }
        if (size == 0) return new FairGradSolution(0, 0.0, true);
        var a = space.Matrix.AsSpan(0, size * size);
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++) a[r * size + c] = gramian[active[r] * count + active[c]];
            a[r * size + r] *= 1.0 + Ridge;
        }
        var w = space.Point.AsSpan(0, size);
        for (var r = 0; r < size; r++) w[r] = Math.Pow(a[r * size + r], -alpha / (alpha + 1.0));
        var solution = Newton(a, size, alpha, w, space);
        for (var r = 0; r < size; r++) weights[active[r]] = w[r];
        return solution;
    }

    /// <summary>Damped Newton on Φ from <paramref name="w"/> (updated in place) until the stopping rule holds.</summary>
    private static FairGradSolution Newton(ReadOnlySpan<double> a, int size, double alpha, Span<double> w, Workspace space)
    {
        var gradient = space.Gradient.AsSpan(0, size);
        var direction = space.Direction.AsSpan(0, size);
        var trial = space.Trial.AsSpan(0, size);
        var hessian = space.Hessian.AsSpan(0, size * size);
        var inverse = 1.0 / alpha;
        for (var iteration = 0; ; iteration++)
        {
            var residual = Residual(a, size, inverse, w, gradient);
            if (!double.IsFinite(residual)) return new FairGradSolution(iteration, residual, false);
            if (residual <= Tolerance) return new FairGradSolution(iteration, residual, true);
            if (iteration == MaxIterations) return new FairGradSolution(iteration, residual, false);

            a.CopyTo(hessian);
            for (var r = 0; r < size; r++)
            {
                hessian[r * size + r] += inverse * Math.Pow(w[r], -inverse - 1.0);
                direction[r] = -gradient[r];
            }
            if (!CholeskySolve(hessian, size, direction)) return new FairGradSolution(iteration, residual, false);
            var decrement = 0.0;
            var logarithmic = 0.0;
            var straight = 1.0;
            for (var r = 0; r < size; r++)
            {
                decrement -= gradient[r] * direction[r];
                logarithmic = Math.Max(logarithmic, Math.Abs(direction[r] / w[r]));
                if (direction[r] < 0) straight = Math.Min(straight, 0.9 * w[r] / -direction[r]);
            }
            // In log ω at most a factor e^30 per step, so that exp cannot overflow.
            var logStep = Math.Min(1.0, 30.0 / logarithmic);
            var (current, rounding) = Potential(a, size, alpha, w);
            var byStraight = Search(Path.Straight, a, size, alpha, w, direction, straight, current, rounding, decrement, residual, trial);
            var byLogarithm = Search(Path.Logarithmic, a, size, alpha, w, direction, logStep, current, rounding, decrement, residual, trial);
            if (!byStraight.Accepted && !byLogarithm.Accepted) return new FairGradSolution(iteration, residual, false);
            var takeStraight = byStraight.Accepted && (!byLogarithm.Accepted || Better(byStraight, byLogarithm, rounding));
            if (takeStraight) Move(Path.Straight, w, direction, byStraight.Step, w);
            else Move(Path.Logarithmic, w, direction, byLogarithm.Step, w);
        }
    }

    private enum Path
    {
        Straight,
        Logarithmic,
    }

    /// <summary>Where a line search along one path ended.</summary>
    private readonly record struct Found(bool Accepted, double Step, double Value, double Residual);

    /// <summary>The lower Φ, or where the two differ by less than Φ's rounding, the lower residual.</summary>
    private static bool Better(Found a, Found b, double rounding)
        => Math.Abs(a.Value - b.Value) <= rounding ? a.Residual < b.Residual : a.Value < b.Value;

    /// <summary>
    /// Backtracks from <paramref name="step"/> along <paramref name="path"/> (at most 60 halvings) to the first point where
    /// Φ falls by 10⁻⁴·s·(−∇Φ·d) (Armijo), or where Φ is unchanged within its rounding and the residual is lower.
    /// </summary>
    private static Found Search(Path path, ReadOnlySpan<double> a, int size, double alpha, ReadOnlySpan<double> w, ReadOnlySpan<double> d, double step, double current, double rounding, double decrement, double residual, Span<double> trial)
    {
        var inverse = 1.0 / alpha;
        for (var halvings = 0; halvings < 60; halvings++)
        {
            Move(path, w, d, step, trial);
            var value = Potential(a, size, alpha, trial).Value;
            if (value <= current - 1e-4 * step * decrement) return new Found(true, step, value, Residual(a, size, inverse, trial));
            if (Math.Abs(value - current) <= rounding)
            {
                var lower = Residual(a, size, inverse, trial);
                if (lower < residual) return new Found(true, step, value, lower);
            }
            step *= 0.5;
        }
        return new Found(false, 0.0, double.PositiveInfinity, double.PositiveInfinity);
    }

    /// <summary>The point at <paramref name="s"/> along <paramref name="path"/> from <paramref name="w"/> in direction <paramref name="d"/>, into <paramref name="target"/> (which may be <paramref name="w"/>).</summary>
    private static void Move(Path path, ReadOnlySpan<double> w, ReadOnlySpan<double> d, double s, Span<double> target)
    {
        for (var r = 0; r < w.Length; r++) target[r] = path == Path.Straight ? w[r] + s * d[r] : w[r] * Math.Exp(s * d[r] / w[r]);
    }

    /// <summary>Φ(ω) = ½·ωᵀAω − Σ h(ω_i), and the size of its rounding error: 64 ε times the sum of its terms' magnitudes.</summary>
    private static (double Value, double Rounding) Potential(ReadOnlySpan<double> a, int size, double alpha, ReadOnlySpan<double> w)
    {
        var value = 0.0;
        var magnitude = 0.0;
        var power = 1.0 - 1.0 / alpha;
        for (var r = 0; r < size; r++)
        {
            var inner = 0.0;
            var absolute = 0.0;
            for (var c = 0; c < size; c++)
            {
                var term = a[r * size + c] * w[c];
                inner += term;
                absolute += Math.Abs(term);
            }
            var h = alpha == 1.0 ? Math.Log(w[r]) : Math.Pow(w[r], power) / power;
            value += 0.5 * w[r] * inner - h;
            magnitude += 0.5 * w[r] * absolute + Math.Abs(h);
        }
        return (value, 64 * MachineEpsilon * magnitude);
    }

    /// <summary>
    /// The stopping rule's measure: max_i |(Aω)_i − ω_i^(−1/α)| / (Σ_j |A_ij|·ω_j + ω_i^(−1/α)); with a non-empty
    /// <paramref name="gradient"/>, also (Aω)_i − ω_i^(−1/α) into it.
    /// </summary>
    private static double Residual(ReadOnlySpan<double> a, int size, double inverse, ReadOnlySpan<double> w, Span<double> gradient = default)
    {
        var residual = 0.0;
        for (var r = 0; r < size; r++)
        {
            var sum = 0.0;
            var scale = 0.0;
            for (var c = 0; c < size; c++)
            {
                var term = a[r * size + c] * w[c];
                sum += term;
                scale += Math.Abs(term);
            }
            var target = Math.Pow(w[r], -inverse);
            if (!gradient.IsEmpty) gradient[r] = sum - target;
            residual = Math.Max(residual, Math.Abs(sum - target) / (scale + target));
        }
        return double.IsNaN(residual) ? double.PositiveInfinity : residual;
    }

    /// <summary>Solves M·x = b in place (<paramref name="b"/> becomes x; M is overwritten by its Cholesky factor); false if M is not positive definite.</summary>
    private static bool CholeskySolve(Span<double> m, int size, Span<double> b)
    {
        for (var j = 0; j < size; j++)
        {
            var d = m[j * size + j];
            for (var k = 0; k < j; k++) d -= m[j * size + k] * m[j * size + k];
            if (!(d > 0)) return false;
            var l = Math.Sqrt(d);
            m[j * size + j] = l;
            for (var i = j + 1; i < size; i++)
            {
                var s = m[i * size + j];
                for (var k = 0; k < j; k++) s -= m[i * size + k] * m[j * size + k];
                m[i * size + j] = s / l;
            }
        }
        for (var i = 0; i < size; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= m[i * size + k] * b[k];
            b[i] = s / m[i * size + i];
        }
        for (var i = size - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < size; k++) s -= m[k * size + i] * b[k];
            b[i] = s / m[i * size + i];
        }
        return true;
    }

    /// <summary>The solver's arrays for <paramref name="count"/> losses, allocated once and reused by every solve.</summary>
    public sealed class Workspace(int count)
    {
        internal int[] Active { get; } = new int[count];
        internal double[] Matrix { get; } = new double[count * count];
        internal double[] Hessian { get; } = new double[count * count];
        internal double[] Point { get; } = new double[count];
        internal double[] Gradient { get; } = new double[count];
        internal double[] Direction { get; } = new double[count];
        internal double[] Trial { get; } = new double[count];
    }
}
