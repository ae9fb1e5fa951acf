using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using MultiLoss.Methods.Solvers;
using NUnit.Framework;
using TorchSharp;
using static MultiLoss.Methods.Tests.StatefulHarness;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class GradVacTests
{
    private const double Tolerance = 1e-9;

    /// <summary>GradVac as the paper's algorithm writes it, on the vectors themselves; the targets are updated in place.</summary>
    private static double[] HandGradVac(double[][] g, int[][] order, double[,] targets, double beta)
    {
        var result = new double[g[0].Length];
        for (var i = 0; i < g.Length; i++)
        {
            var gi = (double[])g[i].Clone();
            foreach (var j in order[i])
            {
                var phi = Cosine(gi, g[j]);
                var target = targets[i, j];
                if (phi < target && Hand.Norm(g[j]) > 0 && target < 1)
                {
                    var scale = Hand.Norm(gi) * (target * Math.Sqrt(1 - phi * phi) - phi * Math.Sqrt(1 - target * target))
                                / (Hand.Norm(g[j]) * Math.Sqrt(1 - target * target));
                    gi = Hand.AddScaled(gi, scale, g[j]);
                }
                targets[i, j] = (1 - beta) * target + beta * phi;
            }
            result = Hand.AddScaled(result, 1, gi);
        }
        return result;
    }

    private static int[] Flatten(int[][] order) => order.SelectMany(o => o).ToArray();

    private static double[] Run(double[][] g, int[][] order, double[] targets, double beta, out double[] combination)
    {
        var count = g.Length;
        combination = new double[count * count];
        var weights = new double[count];
        GradientVaccine.Combine(Gramian(g), count, Flatten(order), targets, beta, combination, weights);
        return weights;
    }

    [Test]
    public void At_the_first_step_the_targets_are_zero_and_two_gradients_get_pcgrads_projection()
    {
        // torchjd's PCGrad example: J = [[-4, 1, 1], [6, 1, 1]] aggregates to [0.5848, 3.8012, 3.8012].
        var g = new[] { new[] { -4.0, 1, 1 }, new[] { 6.0, 1, 1 } };
        var targets = new double[4];

        var weights = Run(g, new[] { new[] { 1 }, new[] { 0 } }, targets, 0.01, out _);

        // g1·g2 = −22, ‖g1‖² = 18, ‖g2‖² = 38: c = (1 + 22/18, 1 + 22/38).
        Assert.That(weights, Is.EqualTo(new[] { 1 + 22.0 / 18, 1 + 22.0 / 38 }).Within(Tolerance));
        Assert.That(Combination(weights, g), Is.EqualTo(new[] { 0.5848, 3.8012, 3.8012 }).Within(1e-4));
        var cosine = -22 / Math.Sqrt(18 * 38);
        Assert.That(targets, Is.EqualTo(new[] { 0, 0.01 * cosine, 0.01 * cosine, 0 }).Within(Tolerance), "φ̂ ← 0.99·0 + 0.01·φ");
    }

    [Test]
    public void A_gradient_below_its_target_is_turned_until_its_cosine_is_the_target()
    {
        var g = new[] { new[] { 2.0, 1.0, 0.0 }, new[] { 1.0, -1.0, 0.5 } };
        var phi = Cosine(g[0], g[1]);
        Assert.That(phi, Is.InRange(0.0, 0.4), "the gradients' cosine is below both targets");
        var targets = new[] { 0.0, 0.6, 0.45, 0.0 };

        var weights = Run(g, new[] { new[] { 1 }, new[] { 0 } }, targets, 0.2, out var combination);

        // By hand: g_i' = g_i + ‖g_i‖(φ̂√(1−φ²) − φ√(1−φ̂²))/(‖g_j‖√(1−φ̂²))·g_j.
        double Scale(double[] gi, double[] gj, double target)
            => Hand.Norm(gi) * (target * Math.Sqrt(1 - phi * phi) - phi * Math.Sqrt(1 - target * target)) / (Hand.Norm(gj) * Math.Sqrt(1 - target * target));
        var a01 = Scale(g[0], g[1], 0.6);
        var a10 = Scale(g[1], g[0], 0.45);
        Assert.That(combination, Is.EqualTo(new[] { 1, a01, a10, 1 }).Within(Tolerance));
        Assert.That(weights, Is.EqualTo(new[] { 1 + a10, 1 + a01 }).Within(Tolerance));
        var adjusted0 = Hand.AddScaled(g[0], a01, g[1]);
        var adjusted1 = Hand.AddScaled(g[1], a10, g[0]);
        Assert.That(Cosine(adjusted0, g[1]), Is.EqualTo(0.6).Within(Tolerance), "the paper's claim: the adjusted gradient reaches the target");
        Assert.That(Cosine(adjusted1, g[0]), Is.EqualTo(0.45).Within(Tolerance));
        Assert.That(targets, Is.EqualTo(new[] { 0, 0.8 * 0.6 + 0.2 * phi, 0.8 * 0.45 + 0.2 * phi, 0 }).Within(Tolerance));
    }

    [Test]
    public void A_gradient_at_or_above_its_target_is_left_alone()
    {
        var g = new[] { new[] { 2.0, 1.0 }, new[] { 1.0, 1.0 } };
        var phi = Cosine(g[0], g[1]);
        var targets = new[] { 0.0, phi, phi - 0.1, 0.0 };

        var weights = Run(g, new[] { new[] { 1 }, new[] { 0 } }, targets, 0.5, out _);

        Assert.That(weights, Is.EqualTo(new[] { 1.0, 1.0 }).Within(Tolerance));
        Assert.That(targets[1], Is.EqualTo(phi).Within(Tolerance));
        Assert.That(targets[2], Is.EqualTo(phi - 0.05).Within(Tolerance));
    }

    [Test]
    public void Four_gradients_over_several_steps_match_the_papers_algorithm()
    {
        var random = new Random(5);
        const int count = 4;
        const double beta = 0.3;
        var handTargets = new double[count, count];
        var targets = new double[count * count];
        var state = 11UL;
        var adjusted = 0;
        for (var step = 0; step < 6; step++)
        {
            var g = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
            var order = new int[count][];
            for (var i = 0; i < count; i++)
            {
                order[i] = new int[count - 1];
                SeededRandom.DrawOrder(ref state, i, count, order[i]);
            }
            var before = (double[])targets.Clone();

            var weights = Run(g, order, targets, beta, out _);

            var expected = HandGradVac(g, order, handTargets, beta);
            Assert.That(Combination(weights, g), Is.EqualTo(expected).Within(Tolerance), $"step {step}");
            for (var i = 0; i < count; i++)
            {
                for (var j = 0; j < count; j++) Assert.That(targets[i * count + j], Is.EqualTo(handTargets[i, j]).Within(Tolerance), $"target ({i}, {j}) at step {step}");
            }
            adjusted += weights.Count(w => Math.Abs(w - 1) > 1e-6);
            Assert.That(before, Is.Not.EqualTo(targets), "the targets move");
        }
        Assert.That(adjusted, Is.GreaterThan(0), "some step adjusted a gradient");
    }

    [Test]
    public void The_order_matters_with_three_gradients()
    {
        var g = new[] { new[] { 2.0, 0.0, 1.0 }, new[] { -1.0, 1.0, 0.0 }, new[] { -1.0, 0.0, 0.5 } };

        var a = Run(g, new[] { new[] { 1, 2 }, new[] { 0, 2 }, new[] { 0, 1 } }, new double[9], 0.1, out _);
        var b = Run(g, new[] { new[] { 2, 1 }, new[] { 2, 0 }, new[] { 1, 0 } }, new double[9], 0.1, out _);

        Assert.That(Combination(a, g), Is.EqualTo(HandGradVac(g, new[] { new[] { 1, 2 }, new[] { 0, 2 }, new[] { 0, 1 } }, new double[3, 3], 0.1)).Within(Tolerance));
        Assert.That(a, Is.Not.EqualTo(b).Within(1e-3));
    }

    public static IEnumerable<TestCaseData> Degenerate()
    {
        yield return new TestCaseData((object)new[] { new[] { 1.0, 2.0 }, new[] { 2.0, 4.0 } }).SetName("Colinear gradients, same direction");
        yield return new TestCaseData((object)new[] { new[] { 1.0, 2.0 }, new[] { -2.0, -4.0 } }).SetName("Colinear gradients, opposite directions");
        yield return new TestCaseData((object)new[] { new[] { 1.0, 2.0 }, new[] { 0.0, 0.0 } }).SetName("A zero gradient");
        yield return new TestCaseData((object)new[] { new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 } }).SetName("Every gradient zero");
        yield return new TestCaseData((object)new[] { new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { -1.0, -1.0 } }).SetName("Three gradients in a plane (rank 2)");
        yield return new TestCaseData((object)new[] { new[] { 3.0, -1.0 } }).SetName("One loss");
    }

    [TestCaseSource(nameof(Degenerate))]
    public void Degenerate_gradients_give_finite_results(double[][] g)
    {
        var count = g.Length;
        var order = Enumerable.Range(0, count).Select(i => Enumerable.Range(0, count).Where(j => j != i).ToArray()).ToArray();
        foreach (var start in new[] { 0.0, 0.5, 1.0, -1.0 })
        {
            var targets = Enumerable.Repeat(start, count * count).ToArray();
            for (var step = 0; step < 5; step++)
            {
                var weights = Run(g, order, targets, 0.5, out _);
                Assert.That(Finite(weights), Is.True, $"weights from targets {start}, step {step}");
                Assert.That(Finite(targets), Is.True, $"targets from {start}, step {step}");
                Assert.That(targets.All(t => t is >= -1 and <= 1), Is.True, "targets stay cosines");
            }
        }
        if (count == 1)
        {
            var weights = Run(g, order, new double[1], 0.5, out _);
            Assert.That(weights, Is.EqualTo(new[] { 1.0 }), "one loss: its gradient as it is");
        }
    }

    [Test]
    public void Backward_writes_the_adjusted_sum_and_the_coefficients_over_two_steps()
    {
        const double beta = 0.25;
        const ulong seed = 17;
        var declared = new[] { 1.0, 0.5, 2.0 };
        var inputs = new[] { new[] { 1.0, 2.0 }, new[] { -1.0, 0.5 } };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new GradVac(beta, seed).Initialized(Contexts.Of(model, optimizer, declared));
        var handTargets = new double[3, 3];
        var state = seed;
        var adjusted = false;

        foreach (var x in inputs)
        {
            var aggregated = Step(method, model, optimizer, x, declared);

            var g = HandGradients(x, declared);
            var order = new int[3][];
            for (var i = 0; i < 3; i++)
            {
                order[i] = new int[2];
                SeededRandom.DrawOrder(ref state, i, 3, order[i]);
            }
            var expected = HandGradVac(g, order, handTargets, beta);
            Assert.That(aggregated, Is.EqualTo(expected).Within(1e-9));
            var coefficients = Enumerable.Range(0, 3).Select(i => TinyModel.Value(method.EffectiveWeight(i)) / declared[i]).ToArray();
            Assert.That(Combination(coefficients, g), Is.EqualTo(aggregated).Within(1e-9), "Σ EffectiveWeight(i)/w_i·g_i is the result");
            adjusted |= coefficients.Any(c => Math.Abs(c - 1) > 1e-6);
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++) Assert.That(method.Target(i, j), Is.EqualTo(handTargets[i, j]).Within(1e-12));
            }
        }
        Assert.That(method.RandomState, Is.EqualTo(state));
        Assert.That(adjusted, Is.True, "some gradient was adjusted");
    }

    [Test]
    public void The_targets_and_the_random_state_survive_a_trainer_state()
    {
        var declared = new[] { 1.0, 1.0, 1.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var saved = new GradVac(0.5, seed: 3).Initialized(Contexts.Of(model, optimizer, declared));
        using var restored = new GradVac(0.5, seed: 99).Initialized(Contexts.Of(model, optimizer, declared));
        Step(saved, model, optimizer, new[] { 1.0, 2.0 }, declared);
        Step(saved, model, optimizer, new[] { -0.5, 1.0 }, declared);

        var trainerState = Contexts.SaveThroughBytes(saved, "Aggregation.");
        Assert.That(trainerState.Values.Keys, Is.EquivalentTo(new[] { "Aggregation.SolvedWeights", "Aggregation.Targets", "Aggregation.RandomState" }));
        restored.RestoreState(new MethodState("Aggregation.", trainerState));

        Assert.That(restored.RandomState, Is.EqualTo(saved.RandomState));
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++) Assert.That(restored.Target(i, j), Is.EqualTo(saved.Target(i, j)));
        }
        var x = new[] { 0.25, -2.0 };
        Assert.That(Step(restored, model, optimizer, x, declared), Is.EqualTo(Step(saved, model, optimizer, x, declared)), "the next step is the same");
    }

    [Test]
    public void Saved_values_are_checked()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new GradVac(0.5, seed: 5).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        void Restore(double[] targets, double[] random)
        {
            var state = new TrainerState
            {
                Trainer = Contexts.Trainer,
                Values = new Dictionary<string, double[]> { ["Aggregation.SolvedWeights"] = [0.5, 0.5], ["Aggregation.Targets"] = targets, ["Aggregation.RandomState"] = random },
            };
            method.RestoreState(new MethodState("Aggregation.", state));
        }

        Assert.Throws<ArgumentException>(() => Restore([0, 0, 0], [0, 1]), "three targets for two losses");
        Assert.Throws<ArgumentException>(() => Restore([0, 1.5, 0, 0], [0, 1]), "a target that is no cosine");
        Assert.Throws<ArgumentException>(() => Restore([0, double.NaN, 0, 0], [0, 1]));
        Assert.Throws<ArgumentException>(() => Restore([0, 0.5, 0, 0], [0.5, 1]));
        Assert.That(method.Target(0, 1), Is.EqualTo(0.0), "a rejected state changes nothing");
        Assert.That(method.RandomState, Is.EqualTo(5UL));
        Restore([0, 0.5, -0.25, 0], [1, 2]);
        Assert.That(method.Target(0, 1), Is.EqualTo(0.5));
        Assert.That(method.Target(1, 0), Is.EqualTo(-0.25));
        Assert.That(method.RandomState, Is.EqualTo((1UL << 32) + 2));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradVac(beta: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradVac(beta: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradVac(beta: double.NaN));
        var weights = new double[2];
        var combination = new double[4];
        Assert.Throws<ArgumentException>(() => GradientVaccine.Combine(new double[4], 2, new[] { 0, 1 }, new double[4], 0.1, combination, weights), "loss 0 adjusted toward itself");
        Assert.Throws<ArgumentException>(() => GradientVaccine.Combine(new double[3], 2, new[] { 1, 0 }, new double[4], 0.1, combination, weights));
        Assert.Throws<ArgumentException>(() => GradientVaccine.Combine(new double[4], 2, new[] { 1, 0 }, new double[3], 0.1, combination, weights));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.001);
        using var method = new GradVac(0.1, seed: 3).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 0.5, 2.0 }));

        var (afterFirst, afterLast) = LiveTensors(method, model, optimizer, 200);

        Assert.That(afterLast, Is.EqualTo(afterFirst));
    }
}
