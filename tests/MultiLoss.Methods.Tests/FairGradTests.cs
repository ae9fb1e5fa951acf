using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Methods.Solvers;
using NUnit.Framework;
using TorchSharp;
using static MultiLoss.Methods.Tests.StatefulHarness;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class FairGradTests
{
    private const double Tolerance = 1e-8;

    private static double[] Solve(double[][] g, double alpha, out FairGradSolution solution)
    {
        var weights = new double[g.Length];
        solution = AlphaFairWeights.Solve(Gramian(g), g.Length, alpha, weights);
        return weights;
    }

    /// <summary>The largest |g_i·d − ω_i^(−1/α)| relative to ω_i^(−1/α), d = Σ ω_j·g_j: how far the α-fair condition is from holding.</summary>
    private static double Condition(double[][] g, double[] weights, double alpha)
    {
        var d = Combination(weights, g);
        return g.Select((gi, i) => Math.Abs(Hand.Dot(gi, d) * Math.Pow(weights[i], 1 / alpha) - 1)).Max();
    }

    [TestCase(1.0)]
    [TestCase(2.0)]
    [TestCase(0.5)]
    public void Orthogonal_gradients_get_their_diagonal_solution(double alpha)
    {
        var g = new[] { new[] { 3.0, 0.0, 0.0 }, new[] { 0.0, 4.0, 0.0 }, new[] { 0.0, 0.0, 0.5 } };

        var weights = Solve(g, alpha, out var solution);

        // G = diag(9, 16, 0.25): G_ii·ω_i = ω_i^(−1/α), ω_i = G_ii^(−α/(α+1)).
        Assert.That(weights, Is.EqualTo(new[] { 9.0, 16.0, 0.25 }.Select(v => Math.Pow(v, -alpha / (alpha + 1)))).Within(Tolerance));
        Assert.That(solution.Converged, Is.True);
        if (alpha == 1.0) Assert.That(Combination(weights, g), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }).Within(Tolerance), "α = 1: Σ g_i/‖g_i‖");
    }

    [TestCase(-0.5, TestName = "Conflicting unit gradients")]
    [TestCase(0.6, TestName = "Aligned unit gradients")]
    public void Two_unit_gradients_with_cosine_c_get_one_over_the_root_of_one_plus_c(double c)
    {
        var g = new[] { new[] { 1.0, 0.0 }, new[] { c, Math.Sqrt(1 - c * c) } };

        var weights = Solve(g, 1.0, out var solution);

        // α = 1, G = [[1, c], [c, 1]]: by symmetry ω_1 = ω_2 = ω with ω·(1 + c) = 1/ω.
        var expected = 1 / Math.Sqrt(1 + c);
        Assert.That(weights, Is.EqualTo(new[] { expected, expected }).Within(Tolerance));
        Assert.That(solution.Converged, Is.True);
    }

    [Test]
    public void Every_loss_decreases_at_the_rate_its_weight_sets_and_alpha_one_is_the_nash_bargaining_solution()
    {
        var g = new[] { new[] { 1.0, 2.0, 0.0, -1.0 }, new[] { -2.0, 1.0, 1.0, 0.0 }, new[] { 0.5, 0.0, -3.0, 1.0 } };
        foreach (var alpha in new[] { 0.5, 1.0, 2.0, 5.0 })
        {
            var weights = Solve(g, alpha, out var solution);
            var d = Combination(weights, g);

            Assert.That(solution.Converged, Is.True, $"α = {alpha}");
            Assert.That(weights.All(w => w > 0), Is.True);
            Assert.That(Condition(g, weights, alpha), Is.LessThan(1e-8), $"g_i·d = ω_i^(−1/α) at α = {alpha}");
            Assert.That(g.All(gi => Hand.Dot(gi, d) > 0), Is.True, "every loss decreases along d");
            if (alpha == 1.0)
            {
                for (var i = 0; i < 3; i++) Assert.That(weights[i] * Hand.Dot(g[i], d), Is.EqualTo(1.0).Within(1e-8), "ω_i·(g_i·d) = 1");
            }
        }
    }

    [Test]
    public void Larger_alpha_brings_the_losses_rates_closer()
    {
        // Orthogonal g_1, g_2 with ‖g_2‖ = 3‖g_1‖: rates g_i·d = G_ii^(1/(α+1)), their ratio 9^(1/(α+1)) falls toward 1.
        var g = new[] { new[] { 1.0, 0.0 }, new[] { 0.0, 3.0 } };
        var ratios = new[] { 0.5, 1.0, 2.0, 8.0 }.Select(alpha =>
        {
            var d = Combination(Solve(g, alpha, out _), g);
            return Hand.Dot(g[1], d) / Hand.Dot(g[0], d);
        }).ToArray();

        Assert.That(ratios, Is.Ordered.Descending);
        Assert.That(ratios[1], Is.EqualTo(3.0).Within(Tolerance), "α = 1: 9^(1/2)");
    }

    [Test]
    public void The_weights_scale_as_the_gramian_to_the_power_minus_alpha_over_alpha_plus_one()
    {
        var g = new[] { new[] { 1.0, 2.0, 0.0 }, new[] { -2.0, 1.0, 1.0 }, new[] { 0.5, 0.0, -3.0 } };
        foreach (var scale in new[] { 1e-6, 1e3 })
        {
            var scaled = g.Select(r => r.Select(v => v * Math.Sqrt(scale)).ToArray()).ToArray();

            var a = Solve(g, 2.0, out _);
            var b = Solve(scaled, 2.0, out var solution);

            Assert.That(solution.Converged, Is.True);
            Assert.That(b, Is.EqualTo(a.Select(w => w * Math.Pow(scale, -2.0 / 3)).ToArray()).Within(1e-8 * b.Max()));
        }
    }

    /// <summary>Random gradients: K from 1 to 16, rows scaled by 10^−4 … 10^4; "wide" has fewer columns than rows at times (rank-deficient Gramians), "correlated" rows share a direction up to their sign.</summary>
    private static double[][] RandomGradients(Random random, string kind)
    {
        var count = random.Next(1, 17);
        var size = kind == "wide" ? random.Next(1, 24) : random.Next(count, 100);
        var common = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return Enumerable.Range(0, count)
            .Select(_ => Math.Pow(10, random.Next(-4, 5)))
            .Select(scale => Enumerable.Range(0, size).Select(k => kind == "correlated"
                ? scale * ((random.Next(2) * 2 - 1) * common[k] + 0.01 * (random.NextDouble() * 2 - 1))
                : scale * (random.NextDouble() * 2 - 1)).ToArray())
            .ToArray();
    }

    [TestCase("wide")]
    [TestCase("tall")]
    [TestCase("correlated")]
    public void The_solver_converges_for_random_gramians_up_to_16_losses(string kind)
    {
        var random = new Random(2024);
        var most = 0;
        foreach (var alpha in new[] { FairGrad.MinAlpha, 0.1, 0.5, 1.0, 2.0, 5.0, FairGrad.MaxAlpha })
        {
            for (var trial = 0; trial < 150; trial++)
            {
                var g = RandomGradients(random, kind);

                var weights = Solve(g, alpha, out var solution);

                Assert.That(solution.Converged, Is.True, $"α = {alpha}, K = {g.Length}, N = {g[0].Length}: {solution}");
                Assert.That(solution.Residual, Is.LessThanOrEqualTo(AlphaFairWeights.Tolerance));
                Assert.That(Finite(weights) && weights.All(w => w >= 0), Is.True);
                most = Math.Max(most, solution.Iterations);
            }
        }
        Assert.That(most, Is.LessThan(AlphaFairWeights.MaxIterations));
        TestContext.Out.WriteLine($"most Newton steps ({kind}): {most}");
    }

    [Test]
    public void Where_the_gramian_is_full_rank_the_equations_hold_without_the_ridge()
    {
        var random = new Random(77);
        for (var trial = 0; trial < 100; trial++)
        {
            var g = RandomGradients(random, "tall");
            foreach (var alpha in new[] { 0.5, 2.0 })
            {
                var weights = Solve(g, alpha, out _);
                var d = Combination(weights, g);
                // g_i·d = ω_i^(−1/α) up to the ridge and rounding, relative to the terms of g_i·d.
                for (var i = 0; i < g.Length; i++)
                {
                    var scale = g.Select((gj, j) => Math.Abs(Hand.Dot(g[i], gj)) * weights[j]).Sum();
                    Assert.That(Math.Abs(Hand.Dot(g[i], d) - Math.Pow(weights[i], -1 / alpha)), Is.LessThan(1e-8 * scale), $"trial {trial}, loss {i}");
                }
            }
        }
    }

    public static IEnumerable<TestCaseData> Degenerate()
    {
        yield return new TestCaseData((object)new[] { new[] { 1.0, 2.0 }, new[] { 2.0, 4.0 } }).SetName("Colinear gradients, same direction");
        yield return new TestCaseData((object)new[] { new[] { 1.0, 2.0 }, new[] { -2.0, -4.0 } }).SetName("Colinear gradients, opposite directions");
        yield return new TestCaseData((object)new[] { new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { -1.0, -1.0 } }).SetName("Three gradients in a plane that sum to zero");
        yield return new TestCaseData((object)new[] { new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { 1.0, 1.0 } }).SetName("Three gradients in a plane (rank 2)");
        yield return new TestCaseData((object)new[] { new[] { 1.0, 2.0 }, new[] { 0.0, 0.0 } }).SetName("A zero gradient");
        yield return new TestCaseData((object)new[] { new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 } }).SetName("Every gradient zero");
        yield return new TestCaseData((object)new[] { new[] { 3.0, -4.0 } }).SetName("One loss");
    }

    [TestCaseSource(nameof(Degenerate))]
    public void Degenerate_gradients_give_finite_weights(double[][] g)
    {
        foreach (var alpha in new[] { 0.5, 1.0, 3.0 })
        {
            var weights = Solve(g, alpha, out var solution);

            Assert.That(solution.Converged, Is.True, $"α = {alpha}: {solution}");
            Assert.That(Finite(weights), Is.True);
            Assert.That(Finite(Combination(weights, g)), Is.True);
            for (var i = 0; i < g.Length; i++)
            {
                if (Hand.Norm(g[i]) == 0) Assert.That(weights[i], Is.EqualTo(0.0), "a zero gradient gets weight 0");
            }
        }
    }

    [Test]
    public void Degenerate_cases_have_their_hand_values()
    {
        // One loss: G·ω = ω^(−1/α), ω = ‖g‖^(−2α/(α+1)); at α = 1 the result is g/‖g‖.
        var one = Solve(new[] { new[] { 3.0, -4.0 } }, 1.0, out _);
        Assert.That(one[0], Is.EqualTo(0.2).Within(Tolerance));
        // A zero gradient is left out: the other solves its own equation.
        Assert.That(Solve(new[] { new[] { 2.0, 0.0 }, new[] { 0.0, 0.0 } }, 2.0, out _), Is.EqualTo(new[] { Math.Pow(4, -2.0 / 3), 0.0 }).Within(Tolerance));
        // Same direction, g_2 = 2·g_1 (‖g_1‖² = 5), α = 1: d = s·g_1 with s = ω_1 + 2ω_2; ω_1·5s = 1 and ω_2·10s = 1, so
        // ω_1 = 2ω_2, s = 2ω_1 and 10·ω_1² = 1.
        var colinear = Solve(new[] { new[] { 1.0, 2.0 }, new[] { 2.0, 4.0 } }, 1.0, out _);
        Assert.That(colinear, Is.EqualTo(new[] { 1 / Math.Sqrt(10), 0.5 / Math.Sqrt(10) }).Within(Tolerance));
        // Opposite gradients: the exact weights are unbounded; the ridge keeps them finite and the result balances to 0.
        var g = new[] { new[] { 1.0, 2.0 }, new[] { -2.0, -4.0 } };
        var opposite = Solve(g, 1.0, out _);
        Assert.That(Hand.Norm(Combination(opposite, g)), Is.LessThan(1e-3));
        // Every gradient zero: weights 0.
        Assert.That(Solve(new[] { new[] { 0.0 }, new[] { 0.0 } }, 1.0, out var none), Is.EqualTo(new[] { 0.0, 0.0 }));
        Assert.That(none.Converged, Is.True);
    }

    [Test]
    public void A_gramian_that_is_not_finite_gives_nan_weights()
    {
        var weights = new double[2];
        var solution = AlphaFairWeights.Solve(new[] { 1.0, double.NaN, double.NaN, 1.0 }, 2, 1.0, weights);

        Assert.That(weights, Is.All.NaN);
        Assert.That(solution.Converged, Is.False);
    }

    [Test]
    public void Backward_writes_the_weighted_sum_and_reports_the_weights()
    {
        var declared = new[] { 1.0, 0.5, 2.0 };
        var x = new[] { 1.0, 2.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new FairGrad(2.0).Initialized(Contexts.Of(model, optimizer, declared));

        var aggregated = Step(method, model, optimizer, x, declared);

        var g = HandGradients(x, declared);
        var weights = Solve(g, 2.0, out _);
        Assert.That(method.LastSolution.Converged, Is.True);
        Assert.That(Condition(g, weights, 2.0), Is.LessThan(1e-8));
        Assert.That(aggregated, Is.EqualTo(Combination(weights, g)).Within(1e-9));
        for (var i = 0; i < 3; i++)
        {
            Assert.That(method.Weight(i), Is.EqualTo(weights[i]).Within(1e-12));
            Assert.That(TinyModel.Value(method.EffectiveWeight(i)), Is.EqualTo(weights[i] * declared[i]).Within(1e-12), "ω_i·w_i");
        }
    }

    [Test]
    public void FairGrad_saves_only_its_fallback_weights()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new FairGrad().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));

        Assert.That(Contexts.SaveThroughBytes(method, "Aggregation.").Values.Keys, Is.EquivalentTo(new[] { "Aggregation.SolvedWeights" }));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FairGrad(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FairGrad(0.005));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FairGrad(10.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FairGrad(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FairGrad(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => AlphaFairWeights.Solve(new double[3], 2, 1.0, new double[2]));
        Assert.Throws<ArgumentException>(() => AlphaFairWeights.Solve(new double[4], 2, 1.0, new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlphaFairWeights.Solve(new double[4], 2, 0.0, new double[2]));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.001);
        using var method = new FairGrad().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 0.5, 2.0 }));

        var (afterFirst, afterLast) = LiveTensors(method, model, optimizer, 200);

        Assert.That(afterLast, Is.EqualTo(afterFirst));
    }
}
