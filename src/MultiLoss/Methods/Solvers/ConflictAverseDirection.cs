using System;

namespace MultiLoss.Methods.Solvers;

/// <summary>
/// CAGrad's direction (Liu, Liu, Jin, Stone &amp; Liu 2021) from the Gramian G of K gradients: the d that maximises the
/// smallest improvement min_i g_iᵀd within the ball ‖d − g0‖ ≤ r around the mean gradient g0 = ΣK⁻¹·g_i, r = c·‖g0‖;
/// returned as the weights of d = Σ weight_i·g_i.
/// </summary>
/// <remarks>
/// <para>The paper solves the dual: w on the simplex minimising F(w) = g_wᵀg0 + r·‖g_w‖ (g_w = Σw_i·g_i), then
/// d = g0 + (r/‖g_w‖)·g_w, so weight_i = 1/K + (r/‖g_w‖)·w_i. Here F is minimised exactly, through a family of MGDA
/// problems: for λ &gt; 0 let w(λ) be the weights of the min-norm point of the shifted vectors g_i + λ·g0
/// (<see cref="MinimumNormPoint"/>; their Gramian is G + λ·(b1ᵀ + 1bᵀ) + λ²‖g0‖²·11ᵀ, b = G·1/K). Its optimality
/// conditions, (Gw + λb)_j ≥ μ with equality where w_j &gt; 0, are those of F once λ = ‖g_w(λ)‖/r: so w = w(λ*) at the λ*
/// where h(λ) = λ·r − ‖g_{w(λ)}‖ changes sign. h(0) = −(MGDA's min norm) ≤ 0 and h(max_i ‖g_i‖/r) ≥ 0.</para>
/// <para><b>Stopping rule.</b> A bracketed root search on λ (false position with the Illinois modification, which
/// keeps h &lt; 0 at the lower end and h ≥ 0 at the upper and falls back to halving when a step would leave the
/// bracket), until h at the upper end is at most <see cref="ValueTolerance"/> or the bracket is narrower than
/// <see cref="RelativeWidth"/> times its upper end, at most <see cref="MaxIterations"/> MGDA problems (then, or when one
/// of them did not converge, it reports not converged); d is formed from w at the upper end. All of it on G/trace(G),
/// so the tolerances are relative to ‖J‖_F.</para>
/// <para>When ‖g_w‖ at the solution is at most <see cref="DegenerateNorm"/>·‖J‖_F (or the upper end of the bracket
/// falls so low that it must be), some convex combination of the gradients vanishes and no direction in the ball improves
/// every loss; d is then 0 (every weight 0), as torchjd returns, rather than the formula's division by a vanishing norm.
/// With c = 0, or when g0 = 0 (the ball is the point g0), d = g0 (every weight 1/K). When every gradient is zero the
/// weights are 1/K; when G holds a value that is not finite, NaN.</para>
/// <para>For c ≥ 1 the ball holds d = 0, whose smallest improvement is 0, so the optimal d conflicts with no gradient.</para>
/// </remarks>
internal sealed class ConflictAverseDirection
{
    /// <summary>The search stops when h at the upper end is at most this (on the unit scale, where ‖g_w‖ ≤ 1)…</summary>
    public const double ValueTolerance = 1e-14;

    /// <summary>…or when the bracket on λ is narrower than this fraction of its upper end.</summary>
    public const double RelativeWidth = 1e-12;

    /// <summary>At most this many MGDA problems per solve.</summary>
    public const int MaxIterations = 200;

    /// <summary>
    /// ‖g_w‖ at or below this fraction of ‖J‖_F counts as zero: d = 0. A norm computed from the Gramian is only
    /// resolved down to about √ε ≈ 1e-8 of ‖J‖_F, which this leaves a margin above.
    /// </summary>
    public const double DegenerateNorm = 1e-6;

    private readonly int size;
    private readonly MinimumNormPoint minimumNorm;
    private readonly double[] normalized;
    private readonly double[] shifted;
    private readonly double[] b;
    private readonly double[] trial;
    private readonly double[] upper;
    private bool minimumNormConverged;

    /// <summary>A solver for <paramref name="size"/> gradients.</summary>
    public ConflictAverseDirection(int size)
    {
        minimumNorm = new MinimumNormPoint(size);
        this.size = size;
        normalized = new double[size * size];
        shifted = new double[size * size];
        b = new double[size];
        trial = new double[size];
        upper = new double[size];
    }

    /// <summary>The number of gradients K.</summary>
    public int Size => size;

    /// <summary>
    /// Writes into <paramref name="weights"/> the weights of CAGrad's direction d = Σ weight_i·g_i for the gradients
    /// whose Gramian is <paramref name="gramian"/> (K², row-major), with the ball's radius <paramref name="c"/>·‖g0‖.
    /// </summary>
    public SolverOutcome Solve(ReadOnlySpan<double> gramian, double c, Span<double> weights)
    {
        if (gramian.Length != size * size) throw new ArgumentException($"The Gramian of {size} vectors has {size * size} values, not {gramian.Length}.", nameof(gramian));
        if (weights.Length != size) throw new ArgumentException($"There are {size} weights, not {weights.Length}.", nameof(weights));
        if (!(c >= 0) || double.IsPositiveInfinity(c)) throw new ArgumentOutOfRangeException(nameof(c), c, "c is finite and not negative.");
        var trace = SolverInputs.NormalizeGramian(gramian, size, normalized);
        if (double.IsNaN(trace))
        {
            weights.Fill(double.NaN);
            return new SolverOutcome(0, false);
        }
        var mean = 1.0 / size;
        var meanSquaredNorm = 0.0;
        if (trace > 0)
        {
            for (var j = 0; j < size; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < size; k++) sum += normalized[j * size + k];
                b[j] = sum * mean;
                meanSquaredNorm += b[j] * mean;
            }
        }
        if (c == 0 || !(meanSquaredNorm > 0))
        {
            weights.Fill(mean);
            return new SolverOutcome(0, true);
        }
        var radius = c * Math.Sqrt(meanSquaredNorm);
        var largest = 0.0;
        for (var i = 0; i < size; i++) largest = Math.Max(largest, Math.Sqrt(normalized[i * size + i]));
        minimumNormConverged = true;
        // Illinois false position on h over [low, high]: h(low) < 0 ≤ h(high), the kept ends' values halved when the
        // same end is kept twice in a row (the values used for the next point only; the stopping rule reads the true ones).
        var low = 0.0;
        var lowValue = -Evaluate(0, meanSquaredNorm, trial);
        var high = largest / radius;
        var highNorm = Evaluate(high, meanSquaredNorm, upper);
        var highValue = high * radius - highNorm;
        var (lowWeight, highWeight) = (lowValue, highValue);
        var kept = 0;
        var iterations = 2;
        var converged = false;
        while (iterations < MaxIterations)
        {
            if (high * radius <= DegenerateNorm)
            {
                // h(high) ≥ 0 means ‖g_w‖ ≤ high·r: the solution's g_w is below the degenerate norm too.
                highNorm = 0;
                converged = true;
                break;
            }
            if (highValue <= ValueTolerance || high - low <= RelativeWidth * high)
            {
                converged = true;
                break;
            }
            var next = high - highWeight * (high - low) / (highWeight - lowWeight);
            if (!(next > low && next < high)) next = 0.5 * (low + high);
            var norm = Evaluate(next, meanSquaredNorm, trial);
            var value = next * radius - norm;
            iterations++;
            if (value < 0)
            {
                (low, lowValue, lowWeight) = (next, value, value);
                if (kept == 1) highWeight *= 0.5;
                kept = 1;
            }
            else
            {
                (high, highValue, highWeight, highNorm) = (next, value, value, norm);
                Array.Copy(trial, upper, size);
                if (kept == -1) lowWeight *= 0.5;
                kept = -1;
            }
        }
        converged &= minimumNormConverged;
        if (highNorm <= DegenerateNorm)
        {
            weights.Clear();
            return new SolverOutcome(iterations, converged);
        }
        var scale = radius / highNorm;
        for (var i = 0; i < size; i++) weights[i] = mean + scale * upper[i];
        return new SolverOutcome(iterations, converged);
    }

    /// <summary>w(λ) into <paramref name="w"/>; returns ‖g_w‖ on the unit scale.</summary>
    private double Evaluate(double lambda, double meanSquaredNorm, double[] w)
    {
        var constant = lambda * lambda * meanSquaredNorm;
        for (var j = 0; j < size; j++)
        {
            for (var k = 0; k < size; k++) shifted[j * size + k] = normalized[j * size + k] + lambda * (b[j] + b[k]) + constant;
        }
        minimumNormConverged &= minimumNorm.Solve(shifted, w).Converged;
        var squared = 0.0;
        for (var j = 0; j < size; j++)
        {
            var row = 0.0;
            for (var k = 0; k < size; k++) row += normalized[j * size + k] * w[k];
            squared += w[j] * row;
        }
        return Math.Sqrt(Math.Max(squared, 0));
    }
}
