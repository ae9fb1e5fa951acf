using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Methods.Solvers;
using NUnit.Framework;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// The host solvers behind MGDA, UPGrad, DualProj and CAGrad, on Gramians: their stopping rules met (the optimality
/// conditions, to the documented tolerances), the same answers as the oracles that try every active set, and the
/// degenerate inputs.
/// </summary>
[TestFixture]
public sealed class ConeSolverTests
{
    public static IEnumerable<TestCaseData> RandomPrograms()
    {
        foreach (var (k, rank) in new[] { (1, 1), (2, 2), (3, 1), (5, 5), (8, 3), (12, 12), (16, 16), (16, 5) })
        {
            for (var seed = 0; seed < 4; seed++) yield return new TestCaseData(k, rank, seed).SetArgDisplayNames($"K={k}", $"rank {rank}", $"seed {seed}");
        }
    }

    /// <summary>A PSD Q of the given rank (a Gramian) and a vector of values in [−1, 1], both seeded.</summary>
    private static (double[] Q, double[] C) Program(int k, int rank, int seed)
    {
        var rows = ConeInputs.Random(k, rank + 3, rank, seed);
        var q = ConeOracles.Gramian(rows);
        var random = new Random(seed + 1000);
        var c = new double[k];
        for (var i = 0; i < k; i++) c[i] = random.NextDouble() * 2 - 1;
        return (q, c);
    }

    [TestCaseSource(nameof(RandomPrograms))]
    public void The_non_negative_program_stops_where_its_optimality_conditions_hold(int k, int rank, int seed)
    {
        // c = Q·y, in the range of Q as the solver requires: a least-squares problem, bounded however singular Q is.
        var (q, y) = Program(k, rank, seed);
        var c = new double[k];
        for (var j = 0; j < k; j++) c[j] = ConeOracles.RowTimes(q, y, j);
        var x = new double[k];

        var outcome = new NonNegativeQuadraticProgram(k).Solve(q, c, x);

        Assert.That(outcome.Converged, Is.True);
        Assert.That(outcome.Iterations, Is.LessThanOrEqualTo(new NonNegativeQuadraticProgram(k).MaxIterations));
        var scale = q.Max(Math.Abs) * Math.Max(1, x.Max()) + c.Max(Math.Abs);
        for (var j = 0; j < k; j++)
        {
            var gradient = ConeOracles.RowTimes(q, x, j) + c[j];
            Assert.That(x[j], Is.GreaterThanOrEqualTo(0), $"x_{j}");
            Assert.That(gradient, Is.GreaterThanOrEqualTo(-1e-10 * scale), $"(Qx + c)_{j}");
            if (x[j] > 0) Assert.That(Math.Abs(gradient), Is.LessThanOrEqualTo(1e-9 * scale), $"(Qx + c)_{j} where x_{j} > 0");
        }
    }

    [Test]
    public void The_non_negative_program_solves_a_case_by_hand()
    {
        // min ½(x1² + x2²) − x1 + x2: unconstrained (1, −1); with x ≥ 0 the answer is (1, 0).
        var x = new double[2];
        var outcome = new NonNegativeQuadraticProgram(2).Solve([1, 0, 0, 1], [-1, 1], x);

        Assert.That(x, Is.EqualTo(new[] { 1.0, 0.0 }).Within(1e-15));
        Assert.That(outcome, Is.EqualTo(new SolverOutcome(1, true)));
    }

    [Test]
    public void The_non_negative_program_gives_NaN_for_values_that_are_not_finite_and_checks_its_arguments()
    {
        var program = new NonNegativeQuadraticProgram(2);
        var x = new double[2];

        Assert.That(program.Solve([1, double.NaN, double.NaN, 1], [-1, -1], x).Converged, Is.False);
        Assert.That(x.All(double.IsNaN), Is.True);
        Assert.That(program.Solve([1, 0, 0, 1], [double.PositiveInfinity, -1], x).Converged, Is.False);
        Assert.Throws<ArgumentException>(() => program.Solve([1, 0, 0], [-1, -1], x));
        Assert.Throws<ArgumentException>(() => program.Solve([1, 0, 0, 1], [-1], x));
        Assert.Throws<ArgumentException>(() => program.Solve([1, 0, 0, 1], [-1, -1], new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NonNegativeQuadraticProgram(0));
    }

    public static IEnumerable<TestCaseData> Oracles()
    {
        foreach (var (k, n) in new[] { (2, 3), (3, 2), (3, 5), (4, 4), (5, 3), (6, 10), (8, 5) })
        {
            for (var seed = 0; seed < 5; seed++) yield return new TestCaseData(k, n, seed).SetArgDisplayNames($"{k}×{n}", $"seed {seed}");
        }
    }

    [TestCaseSource(nameof(Oracles))]
    public void The_min_norm_point_is_the_one_every_support_tried_finds(int k, int n, int seed)
    {
        var g = ConeOracles.Gramian(ConeInputs.Random(k, n, Math.Min(k, n), seed));
        var weights = new double[k];

        var outcome = new MinimumNormPoint(k).Solve(g, weights);

        Assert.That(outcome.Converged, Is.True);
        Assert.That(weights.Sum(), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(weights.All(w => w >= 0), Is.True);
        // When K > N the weights need not be unique; the min norm is.
        var expected = ConeOracles.MinNorm(g);
        Assert.That(ConeOracles.Quadratic(g, weights), Is.EqualTo(ConeOracles.Quadratic(g, expected)).Within(1e-12 * g.Max()));
        if (k <= n) Assert.That(weights, Is.EqualTo(expected).Within(1e-9));
    }

    [TestCaseSource(nameof(RandomPrograms))]
    public void The_min_norm_point_meets_MGDA_s_optimality_conditions(int k, int rank, int seed)
    {
        var (g, _) = Program(k, rank, seed);
        var weights = new double[k];

        var outcome = new MinimumNormPoint(k).Solve(g, weights);

        Assert.That(outcome.Converged, Is.True);
        var norm = ConeOracles.Quadratic(g, weights);
        var trace = Enumerable.Range(0, k).Sum(i => g[i * k + i]);
        for (var j = 0; j < k; j++)
        {
            Assert.That(ConeOracles.RowTimes(g, weights, j), Is.GreaterThanOrEqualTo(norm - 1e-10 * trace), $"(Gα)_{j} ≥ αᵀGα");
            if (weights[j] > 1e-12) Assert.That(ConeOracles.RowTimes(g, weights, j), Is.EqualTo(norm).Within(1e-10 * trace), $"(Gα)_{j} = αᵀGα where α_{j} > 0");
        }
    }

    [Test]
    public void The_min_norm_point_of_two_vectors_is_the_paper_s_closed_form()
    {
        // Sener & Koltun's Algorithm 1: α = [(g2 − g1)ᵀg2 / ‖g1 − g2‖²] clipped to [0, 1].
        var solver = new MinimumNormPoint(2);
        for (var seed = 0; seed < 20; seed++)
        {
            var rows = ConeInputs.Random(2, 4, 2, 300 + seed);
            var g = ConeOracles.Gramian(rows);
            var alpha = Math.Clamp((g[3] - g[1]) / (g[0] - 2 * g[1] + g[3]), 0, 1);
            var weights = new double[2];

            solver.Solve(g, weights);

            Assert.That(weights, Is.EqualTo(new[] { alpha, 1 - alpha }).Within(1e-12), $"seed {seed}");
        }
    }

    [TestCaseSource(nameof(Oracles))]
    public void The_dual_cone_projection_is_the_one_every_free_set_tried_finds(int k, int n, int seed)
    {
        var g = ConeOracles.Gramian(ConeInputs.Random(k, n, Math.Min(k, n), seed));
        var random = new Random(seed + 77);
        var lower = Enumerable.Range(0, k).Select(_ => random.NextDouble()).ToArray();
        var weights = new double[k];

        var outcome = new DualConeProjection(k).Project(g, lower, weights);

        Assert.That(outcome.Converged, Is.True);
        var expected = ConeOracles.DualCone(g, lower);
        Assert.That(ConeOracles.Quadratic(g, weights), Is.EqualTo(ConeOracles.Quadratic(g, expected)).Within(1e-11 * g.Max()));
        if (k <= n) Assert.That(weights, Is.EqualTo(expected).Within(1e-8));
    }

    [TestCase(5, 7)]
    [TestCase(9, 37)]
    [TestCase(2, 14)]
    [TestCase(16, 114)]
    [TestCase(16, 6)]
    public void The_dual_cone_projection_meets_the_three_conditions_of_torchjd_s_test(int k, int n)
    {
        // Quinton & Rey's Lemma 4: v solves min vᵀGv, v ≥ u iff v ≥ u, Gv ≥ 0 and (v − u)ᵀGv = 0.
        for (var seed = 0; seed < 5; seed++)
        {
            var g = ConeOracles.Gramian(ConeInputs.Random(k, n, Math.Min(k, n), 500 + seed));
            var random = new Random(seed);
            var u = Enumerable.Range(0, k).Select(_ => random.NextDouble()).ToArray();
            var v = new double[k];

            Assert.That(new DualConeProjection(k).Project(g, u, v).Converged, Is.True);

            var trace = Enumerable.Range(0, k).Sum(i => g[i * k + i]);
            var slack = 0.0;
            for (var j = 0; j < k; j++)
            {
                Assert.That(v[j], Is.GreaterThanOrEqualTo(u[j]), $"v_{j} ≥ u_{j}");
                var gv = ConeOracles.RowTimes(g, v, j);
                Assert.That(gv, Is.GreaterThanOrEqualTo(-1e-10 * trace * v.Max()), $"(Gv)_{j} ≥ 0");
                slack += (v[j] - u[j]) * gv;
            }
            Assert.That(slack, Is.EqualTo(0).Within(1e-9 * trace * v.Max() * v.Max()), "complementary slackness");
        }
    }

    [TestCase(1.0 / 16)]
    [TestCase(1.0 / 4)]
    [TestCase(4.0)]
    [TestCase(16.0)]
    [TestCase(1e12)]
    public void The_dual_cone_projection_does_not_depend_on_the_scale_of_the_Gramian(double scale)
    {
        var g = ConeOracles.Gramian(ConeInputs.Random(9, 37, 9, 3));
        var u = Enumerable.Range(0, 9).Select(i => (i + 1) / 10.0).ToArray();
        var v = new double[9];
        var scaled = new double[9];
        var solver = new DualConeProjection(9);

        solver.Project(g, u, v);
        solver.Project(g.Select(x => x * scale).ToArray(), u, scaled);

        Assert.That(scaled, Is.EqualTo(v).Within(1e-10));
    }

    public static IEnumerable<TestCaseData> CAGradOracles()
    {
        foreach (var c in new[] { 0.1, 0.5, 1.0, 3.0 })
        {
            foreach (var (k, n) in new[] { (2, 2), (2, 5), (3, 2), (3, 3), (3, 6) })
            {
                for (var seed = 0; seed < 3; seed++) yield return new TestCaseData(k, n, seed, c).SetArgDisplayNames($"{k}×{n}", $"seed {seed}", $"c={c}");
            }
        }
    }

    [TestCaseSource(nameof(CAGradOracles))]
    public void CAGrad_s_direction_is_the_one_a_search_over_the_simplex_finds(int k, int n, int seed, double c)
    {
        var g = ConeOracles.Gramian(ConeInputs.Random(k, n, Math.Min(k, n), 700 + seed));
        var weights = new double[k];

        var outcome = new ConflictAverseDirection(k).Solve(g, c, weights);

        Assert.That(outcome.Converged, Is.True);
        var expected = ConeOracles.CAGrad(g, c, out var expectedDual);
        if (expected.All(w => w == 0))
        {
            // 0 is in the gradients' convex hull and no direction in the ball does better than 0: d = 0.
            Assert.That(weights, Is.EqualTo(expected), "the degenerate d = 0");
            return;
        }
        var dual = Dual(weights);
        Assert.That(ConeOracles.CAGradObjective(g, c, dual), Is.LessThanOrEqualTo(ConeOracles.CAGradObjective(g, c, expectedDual) + 1e-13 * g.Max()),
            "the dual objective is as low as the search's");
        var trace = Enumerable.Range(0, k).Sum(i => g[i * k + i]);
        Assert.That(Math.Sqrt(ConeOracles.Quadratic(g, Minus(weights, expected))), Is.LessThanOrEqualTo(1e-6 * Math.Sqrt(trace)), "the directions agree");
    }

    public static IEnumerable<TestCaseData> CAGradCertificates()
    {
        foreach (var c in new[] { 0.2, 0.5, 1.0, 2.0 })
        {
            foreach (var (k, n, rank) in new[] { (4, 9, 4), (8, 20, 8), (16, 40, 16), (16, 10, 10), (12, 30, 4) })
            {
                yield return new TestCaseData(k, n, rank, c).SetArgDisplayNames($"{k}×{n} rank {rank} + 5·e1", $"c={c}");
            }
        }
    }

    [TestCaseSource(nameof(CAGradCertificates))]
    public void CAGrad_s_direction_is_optimal_by_duality(int k, int n, int rank, double c)
    {
        // d = Σweight_i·g_i lies in the ball and its smallest improvement min_i g_iᵀd equals the dual objective F(w):
        // d solves the primal and w the dual (no search oracle needed, so any K). Every row gets +5 in its first
        // coordinate, so that 0 is outside their convex hull and d is not the degenerate 0.
        var rows = ConeInputs.Random(k, n, rank, 900 + k + rank);
        foreach (var row in rows) row[0] += 5;
        var g = ConeOracles.Gramian(rows);
        var weights = new double[k];

        var outcome = new ConflictAverseDirection(k).Solve(g, c, weights);

        Assert.That(outcome.Converged, Is.True);
        Assert.That(outcome.Iterations, Is.LessThanOrEqualTo(ConflictAverseDirection.MaxIterations));
        var mean = Enumerable.Repeat(1.0 / k, k).ToArray();
        var radius = c * Math.Sqrt(ConeOracles.Quadratic(g, mean));
        var trace = Enumerable.Range(0, k).Sum(i => g[i * k + i]);
        Assert.That(Math.Sqrt(ConeOracles.Quadratic(g, Minus(weights, mean))), Is.EqualTo(radius).Within(1e-9 * Math.Sqrt(trace)), "‖d − g0‖ = r");
        var worst = Enumerable.Range(0, k).Min(j => ConeOracles.RowTimes(g, weights, j));
        Assert.That(worst, Is.EqualTo(ConeOracles.CAGradObjective(g, c, Dual(weights))).Within(1e-9 * trace), "min_i g_iᵀd = F(w)");
    }

    [Test]
    public void CAGrad_matches_the_exact_answer_for_opposite_gradients_of_unequal_norms()
    {
        // g2 = −2·g1, g0 = −g1/2. For c < 1 no direction in the ball is orthogonal to g1; the best turns towards g1:
        // d = g0 + c·‖g0‖·g1/‖g1‖ = (c/2 − 1/2)·g1, weights (1/2 + c/2, 1/2). For c ≥ 1 the optimum is d = 0.
        double[] g = [1, -2, -2, 4];
        var weights = new double[2];
        var solver = new ConflictAverseDirection(2);

        solver.Solve(g, 0.5, weights);
        Assert.That(weights, Is.EqualTo(new[] { 0.75, 0.5 }).Within(1e-9));

        solver.Solve(g, 2.0, weights);
        Assert.That(weights, Is.EqualTo(new[] { 0.0, 0.0 }));
    }

    [Test]
    public void The_solvers_handle_zero_and_non_finite_Gramians()
    {
        var weights = new double[3];
        var zero = new double[9];
        var nan = new double[9];
        nan[4] = double.NaN;

        Assert.That(new MinimumNormPoint(3).Solve(zero, weights), Is.EqualTo(new SolverOutcome(0, true)));
        Assert.That(weights, Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }));
        Assert.That(new DualConeProjection(3).Project(zero, [0.2, 0.3, 0.5], weights).Converged, Is.True);
        Assert.That(weights, Is.EqualTo(new[] { 0.2, 0.3, 0.5 }));
        Assert.That(new ConflictAverseDirection(3).Solve(zero, 0.5, weights).Converged, Is.True);
        Assert.That(weights, Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }));

        Assert.That(new MinimumNormPoint(3).Solve(nan, weights).Converged, Is.False);
        Assert.That(weights.All(double.IsNaN), Is.True);
        Assert.That(new DualConeProjection(3).Project(nan, [0.2, 0.3, 0.5], weights).Converged, Is.False);
        Assert.That(weights.All(double.IsNaN), Is.True);
        Assert.That(new ConflictAverseDirection(3).Solve(nan, 0.5, weights).Converged, Is.False);
        Assert.That(weights.All(double.IsNaN), Is.True);
    }

    [Test]
    public void The_solvers_check_their_arguments()
    {
        var g = new double[4];
        Assert.Throws<ArgumentException>(() => new MinimumNormPoint(2).Solve(new double[9], new double[2]));
        Assert.Throws<ArgumentException>(() => new MinimumNormPoint(2).Solve(g, new double[3]));
        Assert.Throws<ArgumentException>(() => new DualConeProjection(2).Project(g, new double[3], new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DualConeProjection(2).Project(g, new double[2], new double[2], -1e-4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DualConeProjection(2).Project(g, new double[2], new double[2], double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConflictAverseDirection(2).Solve(g, -0.5, new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConflictAverseDirection(2).Solve(g, double.PositiveInfinity, new double[2]));
        Assert.Throws<ArgumentException>(() => new ConflictAverseDirection(2).Solve(new double[9], 0.5, new double[2]));
    }

    /// <summary>The dual weights w behind CAGrad's weights 1/K + ρ·w (Σw = 1, so ρ = Σweight − 1).</summary>
    private static double[] Dual(double[] weights)
    {
        var k = weights.Length;
        var rho = weights.Sum() - 1;
        return weights.Select(x => (x - 1.0 / k) / rho).ToArray();
    }

    private static double[] Minus(double[] a, double[] b) => a.Select((x, i) => x - b[i]).ToArray();
}
