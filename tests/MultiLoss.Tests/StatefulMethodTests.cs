using System;
using System.Linq;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using MultiLoss.Methods;
using MultiLoss.Methods.Solvers;
using NUnit.Framework;
using TorchSharp;
using static MultiLoss.Tests.Trainers.ThreeHeadLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// GradVac, MoCo, DB-MTL's gradient balancing and FairGrad, declared by their attributes, against hand loops written
/// from the papers' formulas on the three-headed net (20 steps with Adam; the aggregation on the shared body, the heads
/// trained by the weighted total).
/// </summary>
[TestFixture]
public sealed class StatefulMethodTests
{
    private const int Steps = 20;
    private const double Tolerance = 1e-5;
    private static readonly double[] Declared = { 1.0, 0.5, 0.5 };

    /// <summary>
    /// One step of the hand loop: the gradient of each w_i·L_i (of log L_i with <paramref name="logarithms"/>) with respect
    /// to the shared body as a float64 row, the body's gradient set to <paramref name="aggregate"/> of them, the heads'
    /// to the weighted total's, and Adam's step. Returns the total.
    /// </summary>
    private static double HandStep(ThreeHeadRun run, Tensor x, Tensor y, bool logarithms, Func<double[][], double[]> aggregate)
    {
        HandGradients.SetToNone(run.HandOptimizer);
        var (logits, parity, recon) = run.Hand.forward(x);
        var losses = new[] { Classification(logits, y), Parity(parity, y), Reconstruction(recon, x) };
        if (logarithms) losses = losses.Select(l => l.log()).ToArray();
        var weighted = losses.Select((l, i) => l * Declared[i]).ToArray();
        var shared = run.Hand.Body.parameters().ToArray();
        var heads = run.Hand.Classifier.parameters().Concat(run.Hand.ParityHead.parameters()).Concat(run.Hand.Decoder.parameters()).ToArray();
        var g = new double[3][];
        for (var i = 0; i < 3; i++)
        {
            weighted[i].backward(retain_graph: true, inputs: shared);
            g[i] = shared.SelectMany(p => p.grad!.flatten().to(ScalarType.Float64).data<double>().ToArray()).ToArray();
            foreach (var p in shared) p.grad = null;
        }
        var aggregated = aggregate(g);
        var offset = 0;
        foreach (var p in shared)
        {
            var count = (int)p.numel();
            p.grad = tensor(aggregated[offset..(offset + count)].Select(v => (float)v).ToArray()).reshape(p.shape);
            offset += count;
        }
        var total = weighted[0] + weighted[1] + weighted[2];
        total.backward(inputs: heads);
        run.HandOptimizer.step();
        return total.item<float>();
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    private static double[] Combination(double[] c, double[][] rows)
    {
        var sum = new double[rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var k = 0; k < sum.Length; k++) sum[k] += c[i] * rows[i][k];
        }
        return sum;
    }

    [Test]
    public void GradVac_matches_the_hand_loop()
    {
        const double beta = 0.2;
        using var run = new ThreeHeadRun(seed: 71);
        using var trainer = new ThreeHeadGradVac(run.Generated, run.GeneratedOptimizer);
        var targets = new double[3, 3];
        var state = 5UL;
        var adjusted = 0;

        run.Train(Steps, (step, x, y) =>
        {
            var coefficients = new double[3];
            var total = HandStep(run, x, y, logarithms: false, g =>
            {
                // The paper's algorithm: g_i' starts at g_i; for each other j in a random order, if cos(g_i', g_j) < φ̂_ij,
                // g_i' += ‖g_i'‖(φ̂√(1−φ²) − φ√(1−φ̂²))/(‖g_j‖√(1−φ̂²))·g_j; then φ̂_ij ← (1 − β)φ̂_ij + βφ.
                var result = new double[g[0].Length];
                var order = new int[2];
                for (var i = 0; i < 3; i++)
                {
                    SeededRandom.DrawOrder(ref state, i, 3, order);
                    var gi = (double[])g[i].Clone();
                    coefficients[i] += 1;
                    foreach (var j in order)
                    {
                        var phi = Dot(gi, g[j]) / (Norm(gi) * Norm(g[j]));
                        var target = targets[i, j];
                        if (phi < target)
                        {
                            var scale = Norm(gi) * (target * Math.Sqrt(1 - phi * phi) - phi * Math.Sqrt(1 - target * target)) / (Norm(g[j]) * Math.Sqrt(1 - target * target));
                            for (var k = 0; k < gi.Length; k++) gi[k] += scale * g[j][k];
                            coefficients[j] += scale;
                            adjusted++;
                        }
                        targets[i, j] = (1 - beta) * target + beta * phi;
                    }
                    for (var k = 0; k < result.Length; k++) result[k] += gi[k];
                }
                return result;
            });

            var r = trainer.Step(x, y);
            Assert.That(r.Total, Is.EqualTo(total).Within(Tolerance), $"total at step {step}");
            Assert.That(new[] { r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight },
                Is.EqualTo(coefficients.Select((c, i) => c * Declared[i])).Within(1e-4), $"the coefficients c_i·w_i at step {step}");
        });
        run.AssertParametersEqual(Tolerance);
        Assert.That(adjusted, Is.GreaterThan(0), "no gradient was adjusted toward its target");
    }

    [Test]
    public void MoCo_matches_the_hand_loop()
    {
        const double beta = 0.6, betaDecay = 0.5, gamma = 0.2, gammaDecay = 0.5, rho = 0.5;
        using var run = new ThreeHeadRun(seed: 72);
        using var trainer = new ThreeHeadMoCo(run.Generated, run.GeneratedOptimizer);
        double[][]? tracked = null;
        var lambda = new[] { 1.0 / 3, 1.0 / 3, 1.0 / 3 };

        run.Train(Steps, (step, x, y) =>
        {
            var t = step + 1;
            var total = HandStep(run, x, y, logarithms: false, g =>
            {
                // y_i ← y_i − β_t(y_i − g_i); λ ← Π_Δ(λ − γ_t(YYᵀ + ρI)λ); the gradient Σ λ_i·y_i.
                tracked ??= g.Select(r => new double[r.Length]).ToArray();
                var betaStep = beta / Math.Pow(t, betaDecay);
                var gammaStep = gamma / Math.Pow(t, gammaDecay);
                for (var i = 0; i < 3; i++)
                {
                    for (var k = 0; k < g[i].Length; k++) tracked[i][k] -= betaStep * (tracked[i][k] - g[i][k]);
                }
                var u = new double[3];
                for (var i = 0; i < 3; i++)
                {
                    var product = rho * lambda[i];
                    for (var j = 0; j < 3; j++) product += Dot(tracked[i], tracked[j]) * lambda[j];
                    u[i] = lambda[i] - gammaStep * product;
                }
                lambda = SimplexByBisection(u);
                return Combination(lambda, tracked);
            });

            var r = trainer.Step(x, y);
            Assert.That(r.Total, Is.EqualTo(total).Within(Tolerance), $"total at step {step}");
            Assert.That(r.ParityWeight, Is.NaN, "the result combines the tracked gradients, not this step's");
        });
        run.AssertParametersEqual(Tolerance);
        Assert.That(lambda.Max() - lambda.Min(), Is.GreaterThan(1e-3), "λ moved away from uniform");
    }

    /// <summary>The Euclidean projection onto the simplex by bisection on τ in Σ max(u_i − τ, 0) = 1.</summary>
    private static double[] SimplexByBisection(double[] u)
    {
        double low = u.Min() - 1, high = u.Max();
        for (var k = 0; k < 200; k++)
        {
            var tau = (low + high) / 2;
            if (u.Sum(v => Math.Max(v - tau, 0)) > 1) low = tau;
            else high = tau;
        }
        return u.Select(v => Math.Max(v - (low + high) / 2, 0)).ToArray();
    }

    [Test]
    public void DBMtl_with_log_losses_matches_the_hand_loop()
    {
        const double beta = 0.8, betaDecay = 0.5;
        using var run = new ThreeHeadRun(seed: 73);
        using var trainer = new ThreeHeadDBMtl(run.Generated, run.GeneratedOptimizer);
        double[][]? averaged = null;
        var spread = 0.0;

        run.Train(Steps, (step, x, y) =>
        {
            var t = step + 1;
            var total = HandStep(run, x, y, logarithms: true, g =>
            {
                // ĝ_i ← β_t·ĝ_i + (1 − β_t)·∇(w_i log L_i); the gradient Σ max_j‖ĝ_j‖/(‖ĝ_i‖ + ε)·ĝ_i.
                averaged ??= g.Select(r => new double[r.Length]).ToArray();
                var rate = beta / Math.Pow(t, betaDecay);
                for (var i = 0; i < 3; i++)
                {
                    for (var k = 0; k < g[i].Length; k++) averaged[i][k] = rate * averaged[i][k] + (1 - rate) * g[i][k];
                }
                var norms = averaged.Select(Norm).ToArray();
                spread = Math.Max(spread, norms.Max() / norms.Min());
                return Combination(norms.Select(n => norms.Max() / (n + 1e-8)).ToArray(), averaged);
            });

            var r = trainer.Step(x, y);
            Assert.That(r.Total, Is.EqualTo(total).Within(Tolerance), $"total (of the log-losses) at step {step}");
            Assert.That(r.ClassificationWeight, Is.NaN, "the result combines the averaged gradients, not this step's");
        });
        run.AssertParametersEqual(Tolerance);
        Assert.That(spread, Is.GreaterThan(1.5), "the averaged gradients' norms differed, so the scaling mattered");
    }

    [Test]
    public void FairGrad_matches_the_hand_loop()
    {
        const double alpha = 2.0;
        using var run = new ThreeHeadRun(seed: 74);
        using var trainer = new ThreeHeadFairGrad(run.Generated, run.GeneratedOptimizer);

        run.Train(Steps, (step, x, y) =>
        {
            var weights = new double[3];
            var total = HandStep(run, x, y, logarithms: false, g =>
            {
                var gramian = new double[9];
                for (var i = 0; i < 3; i++)
                {
                    for (var j = 0; j < 3; j++) gramian[i * 3 + j] = Dot(g[i], g[j]);
                }
                var solution = AlphaFairWeights.Solve(gramian, 3, alpha, weights);
                Assert.That(solution.Converged, Is.True, $"the solve at step {step}");
                var d = Combination(weights, g);
                // The α-fair condition, checked here on the vectors: g_i·d = ω_i^(−1/α).
                for (var i = 0; i < 3; i++) Assert.That(Dot(g[i], d) * Math.Pow(weights[i], 1 / alpha), Is.EqualTo(1.0).Within(1e-6), $"loss {i} at step {step}");
                return d;
            });

            var r = trainer.Step(x, y);
            Assert.That(r.Total, Is.EqualTo(total).Within(Tolerance), $"total at step {step}");
            Assert.That(new[] { r.ClassificationWeight, r.ParityWeight, r.ReconstructionWeight },
                Is.EqualTo(weights.Select((w, i) => w * Declared[i])).Within(1e-4 * weights.Max()), $"the weights ω_i·w_i at step {step}");
        });
        run.AssertParametersEqual(Tolerance);
    }

    [Test]
    public void The_four_methods_leave_no_tensor_behind()
    {
        using var run = new ThreeHeadRun(seed: 75);
        using var gradVac = new ThreeHeadGradVac(run.Generated, run.GeneratedOptimizer);
        using var moCo = new ThreeHeadMoCo(run.Generated, run.GeneratedOptimizer);
        using var dbMtl = new ThreeHeadDBMtl(run.Hand, run.HandOptimizer);
        using var fairGrad = new ThreeHeadFairGrad(run.Hand, run.HandOptimizer);
        void Step(Tensor x, Tensor y)
        {
            gradVac.Step(x, y);
            moCo.Step(x, y);
            dbMtl.Step(x, y);
            fairGrad.Step(x, y);
        }

        run.Train(1, (_, x, y) => Step(x, y));
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        run.Train(10, (_, x, y) => Step(x, y));

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }
}
