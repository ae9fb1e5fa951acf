using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Tests.Trainers;
using MultiLoss.Methods;
using MultiLoss.Methods.Solvers;
using NUnit.Framework;
using TorchSharp;
using static MultiLoss.Tests.Trainers.ThreeHeadLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// IMTL-G, Nash-MTL, Aligned-MTL and ConFIG: the references' golden values, the formulas on small Jacobians (written
/// again here with torch's own linear algebra), the properties the papers claim, degenerate gradients, Nash-MTL's
/// solver, and generated trainers against hand loops over 20 steps.
/// </summary>
[TestFixture]
public sealed class BalancingMethodTests
{
    private const int Steps = 20;
    private const double Float32Epsilon = 1.1920928955078125e-07;

    /// <summary>torchjd's test matrix (tests/unit/aggregation/test_values.py).</summary>
    private static readonly double[][] JBase = [[-4.0, 1.0, 1.0], [6.0, 1.0, 1.0]];

    public enum Method
    {
        ImtlG,
        NashMtl,
        AlignedMtl,
        ConFig,
    }

    private static GradientAggregationMethod Create(Method method) => method switch
    {
        Method.ImtlG => new ImtlG(),
        Method.NashMtl => new NashMtl(maxNorm: 0),
        Method.AlignedMtl => new AlignedMtl(),
        _ => new ConFig(),
    };

    // ---- The references' values ------------------------------------------------------------------------------------

    [Test]
    public void ImtlG_gives_torchjds_value()
    {
        var (result, weights) = Direct.Once(new ImtlG(), JBase);
        Assert.That(result, Is.EqualTo(new[] { 0.0767, 1.0, 1.0 }).Within(1e-4));
        Assert.That(weights, Is.EqualTo(new[] { 0.5923, 0.4077 }).Within(1e-4), "torchjd's IMTLGWeighting");
    }

    [Test]
    public void NashMtl_gives_torchjds_value()
    {
        // torchjd's NashMTL(n_tasks=2), max_norm 1, solved by its cvxpy iterations; ours solves exactly.
        var (result, _) = Direct.Once(new NashMtl(), JBase);
        Assert.That(result, Is.EqualTo(new[] { 0.0542, 0.7061, 0.7061 }).Within(1e-4));
    }

    [Test]
    public void AlignedMtl_gives_LibMTLs_value_which_is_K_times_torchjds()
    {
        // torchjd's AlignedMTL() averages the aligned gradients (0.2133, 0.9673, 0.9673; weights 0.5591, 0.4083);
        // LibMTL and we sum them: twice that with two losses.
        var (result, weights) = Direct.Once(new AlignedMtl(), JBase);
        Assert.That(result, Is.EqualTo(new[] { 2 * 0.2133, 2 * 0.9673, 2 * 0.9673 }).Within(2e-4));
        Assert.That(weights, Is.EqualTo(new[] { 2 * 0.5591, 2 * 0.4083 }).Within(2e-4));
    }

    [Test]
    public void ConFIG_gives_torchjds_value()
    {
        var (result, _) = Direct.Once(new ConFig(), JBase);
        Assert.That(result, Is.EqualTo(new[] { 0.1588, 2.0706, 2.0706 }).Within(1e-4));
    }

    // ---- The formulas, written again with torch ---------------------------------------------------------------------

    public static IEnumerable<TestCaseData> Shapes()
    {
        foreach (var (k, n, seed) in new[] { (2, 4, 1), (3, 5, 2), (3, 12, 3), (5, 7, 4), (5, 40, 5), (8, 20, 6) })
        {
            yield return new TestCaseData(k, n, seed).SetArgDisplayNames($"{k}x{n}", $"seed {seed}");
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void ImtlG_is_the_papers_closed_form(int k, int n, int seed)
    {
        var rows = RandomRows(k, n, seed);
        var (result, weights) = Direct.Once(new ImtlG(), rows);

        using var scope = NewDisposeScope();
        var g = Matrix(rows);
        // LibMTL's IMTL with the loss scales left out: α_{2..K} = g_1·Uᵀ·(D·Uᵀ)⁻¹, α_1 = 1 − Σ α_{2..K}.
        var unit = g / g.norm(1, keepdim: true);
        var d = g[..1].expand(k - 1, n) - g[1..];
        var u = unit[..1].expand(k - 1, n) - unit[1..];
        var rest = g[0].unsqueeze(0).mm(u.t()).mm(linalg.inv(d.mm(u.t()))).squeeze(0);
        var alpha = cat([(1 - rest.sum()).unsqueeze(0), rest]);
        Assert.That(weights, Is.EqualTo(Values(alpha)).Within(1e-8));
        Assert.That(result, Is.EqualTo(Values(alpha.unsqueeze(0).mm(g).squeeze(0))).Within(1e-8));

        // The property: the same projection on every unit gradient.
        var projections = Values(unit.mv(tensor(result)));
        Assert.That(projections, Has.All.EqualTo(projections[0]).Within(1e-9 * Math.Abs(projections[0]) + 1e-12));
    }

    [TestCaseSource(nameof(Shapes))]
    public void AlignedMtl_is_LibMTLs_formula(int k, int n, int seed)
    {
        var rows = RandomRows(k, n, seed);
        foreach (var scale in new[] { AlignedMtlScale.Min, AlignedMtlScale.Median, AlignedMtlScale.Mean })
        {
            var (result, weights) = Direct.Once(new AlignedMtl(scale), rows);

            using var scope = NewDisposeScope();
            var g = Matrix(rows);
            var (lambda, v) = linalg.eigh(g.mm(g.t()));
            var order = lambda.argsort(descending: true);
            lambda = lambda.index_select(0, order);
            v = v.index_select(1, order);
            var size = scale switch
            {
                AlignedMtlScale.Min => lambda[k - 1],
                AlignedMtlScale.Median => lambda.median(),
                _ => lambda.mean(),
            };
            var b = size.sqrt() * v.mm(diag(lambda.rsqrt())).mm(v.t());
            var alpha = b.sum(0L);
            Assert.That(weights, Is.EqualTo(Values(alpha)).Within(1e-8), $"{scale}");
            Assert.That(result, Is.EqualTo(Values(alpha.unsqueeze(0).mm(g).squeeze(0))).Within(1e-8), $"{scale}");

            // The property: the aligned gradients B·J are orthogonal and of one size, √λ_s.
            var aligned = b.mm(g);
            var expected = size * eye(k, dtype: ScalarType.Float64);
            Assert.That(Values((aligned.mm(aligned.t()) - expected).abs().max()), Has.All.LessThan(1e-8 * size.item<double>()), $"{scale}");
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void ConFIG_is_the_papers_pseudo_inverse(int k, int n, int seed)
    {
        var rows = RandomRows(k, n, seed);
        var (result, _) = Direct.Once(new ConFig(), rows);

        using var scope = NewDisposeScope();
        var g = Matrix(rows);
        // torchjd's ConFIG: units = J / ‖rows‖, best = pinv(units)·1, unit target = best/‖best‖, length = Σ g_i·target.
        var units = g / g.norm(1, keepdim: true);
        var best = linalg.pinv(units).mv(ones(k, dtype: ScalarType.Float64));
        var target = best / best.norm();
        var expected = g.mv(target).sum() * target;
        Assert.That(result, Is.EqualTo(Values(expected)).Within(1e-8));

        // The property: conflict-free, with the same cosine to every loss's gradient.
        var cosines = Values(units.mv(tensor(result)));
        Assert.That(cosines, Has.All.GreaterThan(0));
        Assert.That(cosines, Has.All.EqualTo(cosines[0]).Within(1e-9 * cosines[0]));
    }

    [TestCaseSource(nameof(Shapes))]
    public void NashMtl_solves_the_bargaining_equation(int k, int n, int seed)
    {
        var rows = RandomRows(k, n, seed);
        var (result, weights) = Direct.Once(new NashMtl(maxNorm: 0), rows);
        var gramian = Gramian(rows);

        Assert.That(weights, Has.All.GreaterThan(0));
        var product = Times(gramian, k, weights);
        for (var i = 0; i < k; i++) Assert.That(weights[i] * product[i], Is.EqualTo(1.0).Within(1e-8), $"α_{i}·(Gα)_{i}");
        Assert.That(Norm(result), Is.EqualTo(Math.Sqrt(k)).Within(1e-7), "‖Σ α_i g_i‖² = αᵀGα = Σ α_i (Gα)_i = K");

        var (clipped, clippedWeights) = Direct.Once(new NashMtl(maxNorm: 1), rows);
        Assert.That(Norm(clipped), Is.EqualTo(1.0).Within(1e-9), "max_norm 1 clips the norm √K to 1");
        Assert.That(clippedWeights, Is.EqualTo(weights.Select(w => w / Math.Sqrt(k)).ToArray()).Within(1e-8), "by scaling the weights (the norm is √K up to ε)");
    }

    // ---- Properties ------------------------------------------------------------------------------------------------

    public static IEnumerable<TestCaseData> Methods() => Enum.GetValues<Method>().Select(m => new TestCaseData(m).SetArgDisplayNames(m.ToString()));

    [TestCaseSource(nameof(Methods))]
    public void Permuting_the_losses_permutes_the_weights_and_leaves_the_gradient(Method method)
    {
        var rows = RandomRows(5, 9, seed: 11);
        int[] permutation = [3, 0, 4, 2, 1];
        var (result, weights) = Direct.Once(Create(method), rows);
        var (permutedResult, permutedWeights) = Direct.Once(Create(method), permutation.Select(i => rows[i]).ToArray());

        Assert.That(permutedResult, Is.EqualTo(result).Within(1e-9 * Norm(result)));
        Assert.That(permutedWeights, Is.EqualTo(permutation.Select(i => weights[i]).ToArray()).Within(1e-9 * weights.Max(Math.Abs)));
    }

    [TestCaseSource(nameof(Methods))]
    public void Scaling_the_gradients_scales_the_result_or_not_as_the_method_says(Method method)
    {
        var rows = RandomRows(4, 6, seed: 12);
        var (result, _) = Direct.Once(Create(method), rows);
        foreach (var scale in new[] { 1e-3, 7.0, 1e4 })
        {
            var (scaled, _) = Direct.Once(Create(method), rows.Select(r => r.Select(x => x * scale).ToArray()).ToArray());
            // Nash-MTL's solution has norm √K whatever the scale; the others are linear in J.
            var factor = method == Method.NashMtl ? 1.0 : scale;
            Assert.That(scaled, Is.EqualTo(result.Select(x => x * factor).ToArray()).Within(1e-9 * factor * Norm(result)), $"scale {scale}");
        }
    }

    [TestCase(Method.ImtlG)]
    [TestCase(Method.NashMtl)]
    [TestCase(Method.ConFig)]
    public void Scaling_one_loss_keeps_the_direction(Method method)
    {
        // IMTL-G and ConFIG depend on the unit gradients for the direction, Nash-MTL on nothing but them.
        var rows = RandomRows(3, 7, seed: 22);
        var (result, _) = Direct.Once(Create(method), rows);
        var scaledRows = new[] { rows[0], rows[1].Select(x => 25 * x).ToArray(), rows[2] };
        var (scaled, _) = Direct.Once(Create(method), scaledRows);

        Assert.That(Dot(result, scaled) / (Norm(result) * Norm(scaled)), Is.EqualTo(1.0).Within(1e-12), "the same direction");
        if (method == Method.NashMtl) Assert.That(scaled, Is.EqualTo(result).Within(1e-9 * Norm(result)), "and the same gradient");
        else Assert.That(Norm(scaled), Is.Not.EqualTo(Norm(result)).Within(1e-3 * Norm(result)), "a different length");
    }

    [TestCaseSource(nameof(Methods))]
    public void A_zero_gradient_gets_weight_zero_and_the_others_are_balanced_as_without_it(Method method)
    {
        var rows = RandomRows(3, 6, seed: 13);
        var withZero = new[] { rows[0], new double[6], rows[1], rows[2] };
        var (expected, expectedWeights) = Direct.Once(Create(method), rows);
        var (result, weights) = Direct.Once(Create(method), withZero);

        Assert.That(weights[1], Is.EqualTo(0.0));
        Assert.That(new[] { weights[0], weights[2], weights[3] }, Is.EqualTo(expectedWeights).Within(1e-9 * expectedWeights.Max(Math.Abs)));
        Assert.That(result, Is.EqualTo(expected).Within(1e-9 * Norm(expected)));
    }

    [TestCaseSource(nameof(Methods))]
    public void One_loss_keeps_its_gradient(Method method)
    {
        double[][] rows = [[3.0, -4.0, 12.0]];
        var (result, _) = Direct.Once(Create(method), rows);
        // Nash-MTL: α = 1/‖g‖, the unit gradient.
        var expected = method == Method.NashMtl ? rows[0].Select(x => x / 13.0).ToArray() : rows[0];
        Assert.That(result, Is.EqualTo(expected).Within(1e-9));
    }

    // ---- Degenerate gradients: no NaN, a defined result -----------------------------------------------------------

    public static IEnumerable<TestCaseData> Degenerate()
    {
        var g = RandomRows(3, 5, seed: 14);
        var cases = new (string Name, double[][] Rows)[]
        {
            ("all zero", [new double[5], new double[5], new double[5]]),
            ("duplicate", [g[0], g[0], g[1]]),
            ("parallel", [g[0], g[0].Select(x => 2 * x).ToArray()]),
            ("opposite", [g[0], g[0].Select(x => -x).ToArray()]),
            ("opposite and a third", [g[0], g[0].Select(x => -x).ToArray(), g[1]]),
            ("more losses than parameters", RandomRows(4, 2, seed: 15)),
            ("rank 2 of 4", [g[0], g[1], g[0].Zip(g[1], (a, b) => a + b).ToArray(), g[0].Zip(g[1], (a, b) => a - 3 * b).ToArray()]),
            ("nearly parallel", [g[0], g[0].Zip(g[1], (a, b) => 2 * a + 1e-9 * b).ToArray()]),
            ("scales 1e-6 to 1e6", [g[0].Select(x => 1e-6 * x).ToArray(), g[1], g[2].Select(x => 1e6 * x).ToArray()]),
        };
        foreach (var method in Enum.GetValues<Method>())
        {
            foreach (var (name, rows) in cases) yield return new TestCaseData(method, name, rows).SetArgDisplayNames(method.ToString(), name);
        }
    }

    [TestCaseSource(nameof(Degenerate))]
    public void Degenerate_gradients_give_a_finite_result(Method method, string name, double[][] rows)
    {
        var (result, weights) = Direct.Once(Create(method), rows);

        Assert.That(result.Concat(weights), Has.All.Matches<double>(double.IsFinite), name);
        if (name is "all zero" or "opposite") Assert.That(result, Has.All.EqualTo(0.0).Within(1e-12), "no direction helps every loss");
        if (name == "parallel")
        {
            // The result points along the common direction.
            var along = Dot(result, rows[0]) / Norm(rows[0]);
            Assert.That(along, Is.GreaterThan(0));
            Assert.That(Norm(result), Is.EqualTo(along).Within(1e-9 * along));
        }
    }

    [Test]
    public void ImtlG_falls_back_to_the_generalised_weights_where_its_system_is_singular()
    {
        // g_2 = 2·g_1: the closed form's system is zero; G⁺·d/Σ gives α = (1/3, 2/3), g = 5/3·g_1.
        var g = RandomRows(1, 4, seed: 16)[0];
        var (result, weights) = Direct.Once(new ImtlG(), [g, g.Select(x => 2 * x).ToArray()]);
        Assert.That(weights, Is.EqualTo(new[] { 1.0 / 3, 2.0 / 3 }).Within(1e-9));
        Assert.That(result, Is.EqualTo(g.Select(x => 5.0 / 3 * x).ToArray()).Within(1e-9));
    }

    [TestCaseSource(nameof(Methods))]
    public void A_gradient_with_a_NaN_stops_the_step_and_leaves_no_gradient(Method method)
    {
        var rows = RandomRows(3, 4, seed: 17);
        rows[1][2] = double.NaN;
        using var direct = new Direct(Create(method), 3, 4);

        Assert.Throws<AggregationSolverException>(() => direct.Aggregate(rows));

        var gradient = direct.Gradient;
        Assert.That(gradient is null || gradient.abs().max().item<double>() == 0, Is.True, "the step that failed wrote a gradient");
    }

    // ---- Nash-MTL's solver -----------------------------------------------------------------------------------------

    public static IEnumerable<TestCaseData> NashProblems()
    {
        var random = new Random(18);
        for (var k = 1; k <= 16; k++)
        {
            yield return new TestCaseData(RandomRows(k, k + 3, seed: 100 + k), "random").SetArgDisplayNames($"K={k}", "random");
            // Norms over twelve orders of magnitude.
            var scaled = RandomRows(k, 2 * k, seed: 200 + k).Select(r => r.Select(x => x * Math.Pow(10, 12 * random.NextDouble() - 6)).ToArray()).ToArray();
            yield return new TestCaseData(scaled, "scaled").SetArgDisplayNames($"K={k}", "scaled");
            // Gradients within a few degrees of one another.
            var common = RandomRows(1, 20, seed: 300 + k)[0];
            var close = RandomRows(k, 20, seed: 400 + k).Select(r => r.Zip(common, (x, c) => c + 0.05 * x).ToArray()).ToArray();
            yield return new TestCaseData(close, "close").SetArgDisplayNames($"K={k}", "close");
        }
    }

    [TestCaseSource(nameof(NashProblems))]
    public void NashMtls_Newton_solver_converges(double[][] rows, string kind)
    {
        var k = rows.Length;
        var gramian = Gramian(rows);
        var alpha = new double[k];

        var converged = NashBargainingWeights.TrySolve(gramian, k, alpha, out var iterations, out var residual);

        Assert.That(converged, Is.True, $"{kind}: residual {residual} after {iterations} iterations");
        Assert.That(residual, Is.LessThanOrEqualTo(NashBargainingWeights.Tolerance));
        Assert.That(iterations, Is.LessThanOrEqualTo(30), "Newton's method from the best point on the ray needs few iterations");
        var product = Times(gramian, k, alpha);
        for (var i = 0; i < k; i++)
        {
            // The equation solved has G + ε·diag(G): the unregularised one holds to ε·(α_i·‖g_i‖)².
            var beta = alpha[i] * Math.Sqrt(gramian[i * k + i]);
            Assert.That(alpha[i] * product[i], Is.EqualTo(1.0).Within(1e-9 + NashBargainingWeights.Regularisation * beta * beta));
        }
    }

    [Test]
    public void NashMtls_solver_converges_where_no_exact_solution_exists()
    {
        // Two opposite gradients and an orthogonal third: no α > 0 solves the unregularised equation; the regularised
        // one gives large weights for the opposite pair and a gradient along the third.
        double[][] rows = [[1, 0, 0], [-1, 0, 0], [0, 2, 0]];
        var alpha = new double[3];
        var converged = NashBargainingWeights.TrySolve(Gramian(rows), 3, alpha, out var iterations, out var residual);

        Assert.That(converged, Is.True, $"residual {residual} after {iterations} iterations");
        Assert.That(alpha[0], Is.EqualTo(alpha[1]).Within(1e-9 * alpha[0]));
        Assert.That(alpha[0], Is.GreaterThan(1e3));
        Assert.That(alpha[2], Is.EqualTo(0.5).Within(1e-9));
    }

    [Test]
    public void NashMtl_solves_the_float32_Gramian_of_opposite_gradients_that_stopped_the_toy()
    {
        // The Pareto toy's Gramian at step 2,892 (read in float32): its cosine rounds to just below −1, which left no
        // solution and a NaN residual before the cosines were clamped.
        double[] gramian = [7.341882705688477, -0.2416783720254898, -0.2416783720254898, 0.007955511100590229];
        Assert.That(gramian[1] / Math.Sqrt(gramian[0] * gramian[3]), Is.LessThan(-1.0), "the case this test is about");
        var alpha = new double[2];

        var converged = NashBargainingWeights.TrySolve(gramian, 2, alpha, out var iterations, out var residual);

        Assert.That(converged, Is.True, $"residual {residual} after {iterations} iterations");
        // Opposite gradients: equal weights on the unit gradients, α_i·‖g_i‖ alike and large (about 1/√ε).
        Assert.That(alpha[0] * Math.Sqrt(gramian[0]), Is.EqualTo(alpha[1] * Math.Sqrt(gramian[3])).Within(1e-6).Percent);
        Assert.That(alpha[0] * Math.Sqrt(gramian[0]), Is.GreaterThan(1e4));
    }

    [Test]
    public void NashMtl_solves_with_a_larger_regularisation_where_rounding_makes_the_cosines_indefinite()
    {
        // Three unit gradients 120° apart span a plane (the cosine matrix is singular); rounded cosines of −0.5000001
        // make it indefinite by 3e-7, more than ε = 1e-10 lifts: no solution at ε, one at a larger ε.
        const double cosine = -0.5000001;
        double[] gramian = [1, cosine, cosine, cosine, 1, cosine, cosine, cosine, 1];
        var alpha = new double[3];

        var converged = NashBargainingWeights.TrySolve(gramian, 3, alpha, out var iterations, out var residual);

        Assert.That(converged, Is.True, $"residual {residual} after {iterations} iterations");
        Assert.That(alpha, Has.All.GreaterThan(0.0).And.All.Matches<double>(double.IsFinite));
        Assert.That(alpha[1], Is.EqualTo(alpha[0]).Within(1e-9).Percent);
        Assert.That(alpha[2], Is.EqualTo(alpha[0]).Within(1e-9).Percent);
    }

    [Test]
    public void NashMtl_that_does_not_converge_keeps_its_previous_weights_and_reports_it()
    {
        // One Newton iteration per ε cannot solve random gradients: LibMTL keeps its previous α (1 each at first).
        var rows = RandomRows(3, 5, seed: 19);
        var method = new NashMtl(maxNorm: 0, updateWeightsEvery: 1, maxIterations: 1);
        using var direct = new Direct(method, 3, 5);

        var (result, weights) = direct.Aggregate(rows);

        Assert.That(method.FellBack, Is.True);
        Assert.That(method.LastIterations, Is.EqualTo(4), "one iteration at each of the four ε");
        Assert.That(weights, Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));
        for (var j = 0; j < 5; j++) Assert.That(result[j], Is.EqualTo(rows[0][j] + rows[1][j] + rows[2][j]).Within(1e-12));
    }

    [Test]
    public void NashMtl_reuses_its_weights_between_updates()
    {
        var first = RandomRows(3, 5, seed: 20);
        var second = RandomRows(3, 5, seed: 21);
        var method = new NashMtl(maxNorm: 0, updateWeightsEvery: 2);
        using var direct = new Direct(method, 3, 5);

        var (_, solved) = direct.Aggregate(first);
        var (reusedResult, reused) = direct.Aggregate(second);
        var (_, resolved) = direct.Aggregate(second);

        Assert.That(reused, Is.EqualTo(solved), "the second step reuses the first step's weights");
        Assert.That(reusedResult, Is.EqualTo(Combine(solved, second)).Within(1e-12), "with the new gradients");
        Assert.That(resolved, Is.Not.EqualTo(solved).Within(1e-6), "the third step solves again");
        Assert.That(method.Aggregations, Is.EqualTo(3));
    }

    // ---- Generated trainers against hand loops ----------------------------------------------------------------------

    [Test]
    public void ImtlG_trainer_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 71);
        using var trainer = new ThreeHeadImtlG(run.Generated, run.GeneratedOptimizer);
        run.Train(Steps, (step, x, y) =>
        {
            var weights = HandStep(run, x, y, g =>
            {
                var k = g.shape[0];
                var unit = g / g.norm(1, keepdim: true);
                var d = g[..1].expand(k - 1, -1) - g[1..];
                var u = unit[..1].expand(k - 1, -1) - unit[1..];
                var rest = g[0].unsqueeze(0).mm(u.t()).mm(linalg.inv(d.mm(u.t()))).squeeze(0);
                return cat([(1 - rest.sum()).unsqueeze(0), rest]);
            });
            var result = trainer.Step(x, y);
            AssertReported(weights, result.ClassificationWeight, result.ParityWeight, result.ReconstructionWeight, step);
        });
        run.AssertParametersEqual(1e-5);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void NashMtl_trainer_matches_the_hand_loop(bool everyThird)
    {
        using var run = new ThreeHeadRun(seed: 72);
        using var defaults = everyThird ? null : new ThreeHeadNashMtl(run.Generated, run.GeneratedOptimizer);
        using var options = everyThird ? new ThreeHeadNashMtlEveryThird(run.Generated, run.GeneratedOptimizer) : null;
        var maxNorm = everyThird ? 2.0 : 1.0;
        var every = everyThird ? 3 : 1;
        var alpha = new double[3];
        run.Train(Steps, (step, x, y) =>
        {
            var weights = HandStep(run, x, y, g =>
            {
                if (step % every == 0)
                {
                    var gramian = Values(g.mm(g.t()).flatten());
                    Assert.That(NashBargainingWeights.TrySolve(gramian, 3, alpha, out _, out _), Is.True);
                }
                var solved = tensor(alpha, dtype: ScalarType.Float64);
                var norm = solved.unsqueeze(0).mm(g).norm().item<double>();
                return norm > maxNorm ? solved * (maxNorm / norm) : solved;
            });
            if (defaults is not null)
            {
                var result = defaults.Step(x, y);
                AssertReported(weights, result.ClassificationWeight, result.ParityWeight, result.ReconstructionWeight, step);
            }
            else
            {
                var result = options!.Step(x, y);
                AssertReported(weights, result.ClassificationWeight, result.ParityWeight, result.ReconstructionWeight, step);
            }
        });
        run.AssertParametersEqual(1e-5);
    }

    [TestCase(AlignedMtlScale.Min)]
    [TestCase(AlignedMtlScale.Mean)]
    public void AlignedMtl_trainer_matches_the_hand_loop(AlignedMtlScale scale)
    {
        using var run = new ThreeHeadRun(seed: 73);
        using var min = scale == AlignedMtlScale.Min ? new ThreeHeadAlignedMtl(run.Generated, run.GeneratedOptimizer) : null;
        using var mean = scale == AlignedMtlScale.Mean ? new ThreeHeadAlignedMtlMean(run.Generated, run.GeneratedOptimizer) : null;
        run.Train(Steps, (step, x, y) =>
        {
            var weights = HandStep(run, x, y, g =>
            {
                // LibMTL's Aligned_MTL, with torchjd's mean scale as the second case.
                var m = g.mm(g.t());
                var (lambda, v) = linalg.eigh(m);
                var tolerance = lambda.max().item<double>() * 3 * Float32Epsilon;
                var kept = (lambda > tolerance).nonzero().squeeze(1);
                lambda = lambda.index_select(0, kept);
                v = v.index_select(1, kept);
                var size = scale == AlignedMtlScale.Min ? lambda.min() : lambda.mean();
                return (size.sqrt() * v.mm(diag(lambda.rsqrt())).mm(v.t())).sum(0L);
            });
            var reported = min is not null ? Reported(min.Step(x, y)) : Reported(mean!.Step(x, y));
            AssertReported(weights, reported.Item1, reported.Item2, reported.Item3, step);
        });
        run.AssertParametersEqual(1e-5);
    }

    [Test]
    public void ConFIG_trainer_matches_the_hand_loop()
    {
        using var run = new ThreeHeadRun(seed: 74);
        using var trainer = new ThreeHeadConFig(run.Generated, run.GeneratedOptimizer);
        var minimumCosine = double.PositiveInfinity;
        run.Train(Steps, (step, x, y) =>
        {
            var (result, units) = (default(Tensor)!, default(Tensor)!);
            HandStepWithResult(run, x, y, g =>
            {
                units = g / g.norm(1, keepdim: true);
                var best = linalg.pinv(units).mv(ones(g.shape[0], dtype: ScalarType.Float64));
                var target = best / best.norm();
                result = g.mv(target).sum() * target;
                return result;
            });
            minimumCosine = Math.Min(minimumCosine, units.mv(result).min().item<double>());
            trainer.Step(x, y);
        });
        run.AssertParametersEqual(1e-5);
        Assert.That(minimumCosine, Is.GreaterThan(0), "every step's gradient was conflict-free");
    }

    [Test]
    public void NashMtl_resumes_between_two_updates()
    {
        // With updates every third step, step 6 reuses step 4's weights: a trainer that was not restored solves again.
        using var batches = new Batches(count: 5, batchSize: 32, seed: 175);
        using var uninterruptedNet = new ThreeHeadNet(75);
        using var uninterruptedOptimizer = optim.Adam(uninterruptedNet.parameters(), ThreeHeadRun.LearningRate);
        using var uninterrupted = new ThreeHeadNashMtlEveryThird(uninterruptedNet, uninterruptedOptimizer);
        using var resumedNet = new ThreeHeadNet(75);
        using var resumedOptimizer = optim.Adam(resumedNet.parameters(), ThreeHeadRun.LearningRate);
        using var stopped = new ThreeHeadNashMtlEveryThird(resumedNet, resumedOptimizer);
        using var freshNet = new ThreeHeadNet(75);
        using var freshOptimizer = optim.Adam(freshNet.parameters(), ThreeHeadRun.LearningRate);
        using var stoppedToo = new ThreeHeadNashMtlEveryThird(freshNet, freshOptimizer);
        for (var step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            uninterrupted.Step(batches.Input(step), batches.Label(step));
            stopped.Step(batches.Input(step), batches.Label(step));
            stoppedToo.Step(batches.Input(step), batches.Label(step));
        }
        var state = stopped.SaveState();
        Assert.That(state.Value("Aggregation.Aggregations"), Is.EqualTo(new[] { 5.0 }));
        using var resumed = new ThreeHeadNashMtlEveryThird(resumedNet, resumedOptimizer);
        resumed.RestoreState(state);
        using var notRestored = new ThreeHeadNashMtlEveryThird(freshNet, freshOptimizer);

        using (NewDisposeScope())
        {
            var expected = uninterrupted.Step(batches.Input(5), batches.Label(5));
            var actual = resumed.Step(batches.Input(5), batches.Label(5));
            var other = notRestored.Step(batches.Input(5), batches.Label(5));
            Assert.That(actual.ParityWeight, Is.EqualTo(expected.ParityWeight).Within(1e-9), "the reused weight");
            Assert.That(other.ParityWeight, Is.Not.EqualTo(expected.ParityWeight).Within(1e-6), "the control: solved again");
        }
        ParameterAssert.Equal(uninterruptedNet, resumedNet, 1e-6);
    }

    [Test]
    public void The_four_methods_leave_no_tensor_behind()
    {
        using var run = new ThreeHeadRun(seed: 76);
        using var imtl = new ThreeHeadImtlG(run.Generated, run.GeneratedOptimizer);
        using var nash = new ThreeHeadNashMtlEveryThird(run.Generated, run.GeneratedOptimizer);
        using var aligned = new ThreeHeadAlignedMtl(run.Generated, run.GeneratedOptimizer);
        using var config = new ThreeHeadConFig(run.Generated, run.GeneratedOptimizer);
        void All(int _, Tensor x, Tensor y)
        {
            imtl.Step(x, y);
            nash.Step(x, y);
            aligned.Step(x, y);
            config.Step(x, y);
        }
        run.Train(1, All);
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        run.Train(12, All);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    private static (double, double, double) Reported(ThreeHeadAlignedMtl.StepResult r) => (r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight);

    private static (double, double, double) Reported(ThreeHeadAlignedMtlMean.StepResult r) => (r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight);

    /// <summary>The reported weights are c_i·w_i with the declared weights 1, 0.5, 0.5.</summary>
    private static void AssertReported(double[] coefficients, double classification, double parity, double reconstruction, int step)
    {
        Assert.That(new[] { classification, parity, reconstruction }, Is.EqualTo(new[] { coefficients[0], 0.5 * coefficients[1], 0.5 * coefficients[2] }).Within(1e-4),
            $"reported weights at step {step}");
    }

    /// <summary>
    /// One step of the hand loop: the gradients of L_c, 0.5·L_p and 0.5·L_r at the body as the rows of J, the body's
    /// gradient Σ c_i·row_i with c from <paramref name="weigh"/> (given J in float64), the heads' from the weighted sum.
    /// </summary>
    private static double[] HandStep(ThreeHeadRun run, Tensor x, Tensor y, Func<Tensor, Tensor> weigh)
    {
        double[] coefficients = [];
        HandStepWithResult(run, x, y, g =>
        {
            var c = weigh(g);
            coefficients = Values(c);
            return c.unsqueeze(0).mm(g).squeeze(0);
        });
        return coefficients;
    }

    private static void HandStepWithResult(ThreeHeadRun run, Tensor x, Tensor y, Func<Tensor, Tensor> aggregate)
    {
        HandGradients.SetToNone(run.HandOptimizer);
        var (logits, parity, recon) = run.Hand.forward(x);
        var losses = new[] { Classification(logits, y), Parity(parity, y) * 0.5, Reconstruction(recon, x) * 0.5 };
        var shared = run.Hand.Body.parameters().ToArray();
        var heads = run.Hand.Classifier.parameters().Concat(run.Hand.ParityHead.parameters()).Concat(run.Hand.Decoder.parameters()).ToArray();
        var rows = new Tensor[losses.Length];
        for (var i = 0; i < losses.Length; i++)
        {
            losses[i].backward(retain_graph: true, inputs: shared);
            rows[i] = cat(shared.Select(p => p.grad!.flatten()).ToArray()).clone();
            foreach (var p in shared) p.grad!.zero_().Dispose();
        }
        var g = stack(rows).to(ScalarType.Float64);
        var sum = aggregate(g).to(ScalarType.Float32);
        var offset = 0L;
        foreach (var p in shared)
        {
            p.grad!.copy_(sum.narrow(0, offset, p.numel()).view(p.shape));
            offset += p.numel();
        }
        (losses[0] + losses[1] + losses[2]).backward(inputs: heads);
        run.HandOptimizer.step();
    }

    /// <summary>A method driven directly: a float64 parameter θ (N) and losses L_i = J_i·θ, whose gradients are the rows of J.</summary>
    private sealed class Direct : IDisposable
    {
        private readonly nn.Module<Tensor, Tensor> model;
        private readonly optim.Optimizer optimizer;
        private readonly GradientAggregationMethod method;
        private readonly int count;

        public Direct(GradientAggregationMethod method, int count, int size)
        {
            this.method = method;
            this.count = count;
            model = nn.Linear(size, 1, hasBias: false, dtype: ScalarType.Float64);
            optimizer = optim.SGD(model.parameters(), 0.1);
            var names = Enumerable.Range(0, count).Select(i => $"L{i}").ToArray();
            method.Initialize(new MethodContext("Tests.Direct", model, optimizer, names, Enumerable.Repeat(1.0, count).ToArray()));
        }

        public Tensor? Gradient => model.parameters().Single().grad;

        public static (double[] Result, double[] Weights) Once(GradientAggregationMethod method, double[][] rows)
        {
            using var direct = new Direct(method, rows.Length, rows[0].Length);
            return direct.Aggregate(rows);
        }

        public (double[] Result, double[] Weights) Aggregate(double[][] rows)
        {
            using var scope = NewDisposeScope();
            var theta = model.parameters().Single();
            theta.grad = null;
            var losses = rows.Select(r => (Tensor?)theta.squeeze(0).mul(tensor(r, dtype: ScalarType.Float64)).sum()).ToArray();
            method.Backward(losses, null);
            var result = Values(theta.grad!.flatten());
            var weights = new double[count];
            for (var i = 0; i < count; i++)
            {
                using var weight = method.EffectiveWeight(i);
                weights[i] = weight.item<double>();
            }
            return (result, weights);
        }

        public void Dispose()
        {
            method.Dispose();
            optimizer.Dispose();
            model.Dispose();
        }
    }

    private static double[][] RandomRows(int count, int size, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, size).Select(_ => Gaussian(random)).ToArray()).ToArray();
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Tensor Matrix(double[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), dtype: ScalarType.Float64).reshape(rows.Length, rows[0].Length);

    private static double[] Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().to(ScalarType.Float64).contiguous().flatten().data<double>().ToArray();
    }

    private static double[] Gramian(double[][] rows)
    {
        var k = rows.Length;
        var gramian = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++) gramian[i * k + j] = Dot(rows[i], rows[j]);
        }
        return gramian;
    }

    private static double[] Times(double[] matrix, int k, double[] vector)
    {
        var product = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++) product[i] += matrix[i * k + j] * vector[j];
        }
        return product;
    }

    private static double[] Combine(double[] weights, double[][] rows)
    {
        var result = new double[rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < result.Length; j++) result[j] += weights[i] * rows[i][j];
        }
        return result;
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
