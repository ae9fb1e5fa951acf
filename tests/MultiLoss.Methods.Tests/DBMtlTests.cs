using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static MultiLoss.Methods.Tests.StatefulHarness;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class DBMtlTests
{
    /// <summary>DB-MTL's gradient balancing by hand: ĝ_i ← β_t·ĝ_i + (1 − β_t)·g_i, result Σ max_j‖ĝ_j‖/(‖ĝ_i‖ + ε)·ĝ_i.</summary>
    private sealed class HandDBMtl(int count, int size, double beta, double betaDecay)
    {
        public double[][] Averaged { get; } = Enumerable.Range(0, count).Select(_ => new double[size]).ToArray();
        private int t;

        public double[] Step(double[][] g)
        {
            t++;
            var rate = beta / Math.Pow(t, betaDecay);
            for (var i = 0; i < count; i++)
            {
                for (var k = 0; k < size; k++) Averaged[i][k] = rate * Averaged[i][k] + (1 - rate) * g[i][k];
            }
            var largest = Averaged.Max(Hand.Norm);
            return Combination(Averaged.Select(a => largest / (Hand.Norm(a) + 1e-8)).ToArray(), Averaged);
        }
    }

    [TestCase(0.9, 0.0)]
    [TestCase(0.5, 0.5)]
    [TestCase(0.0, 0.0)]
    public void Backward_averages_the_gradients_and_scales_each_to_the_largest_norm(double beta, double betaDecay)
    {
        var declared = new[] { 1.0, 0.5, 2.0 };
        var inputs = new[] { new[] { 1.0, 2.0 }, new[] { -1.0, 0.5 }, new[] { 0.3, -0.7 }, new[] { 2.0, 1.0 } };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new DBMtl(beta, betaDecay).Initialized(Contexts.Of(model, optimizer, declared));
        var hand = new HandDBMtl(3, 4, beta, betaDecay);

        foreach (var x in inputs)
        {
            var aggregated = Step(method, model, optimizer, x, declared);

            Assert.That(aggregated, Is.EqualTo(hand.Step(HandGradients(x, declared))).Within(1e-9));
            Assert.That(TinyModel.Values(method.Averaged), Is.EqualTo(hand.Averaged.SelectMany(r => r)).Within(1e-12));
            for (var i = 0; i < 3; i++) Assert.That(TinyModel.Value(method.EffectiveWeight(i)), Is.NaN, "the result combines the averaged gradients, not this step's");
        }
        Assert.That(method.Steps, Is.EqualTo(inputs.Length));
    }

    [Test]
    public void Every_averaged_gradient_counts_with_the_largest_norm_and_the_declared_weights_cancel_out_of_the_direction()
    {
        var x = new[] { 1.0, 2.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var plain = new DBMtl(0.0).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }));
        using var weighted = new DBMtl(0.0).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 0.1, 0.2 }));

        var a = Step(plain, model, optimizer, x, new[] { 1.0, 1.0, 1.0 });
        var b = Step(weighted, model, optimizer, x, new[] { 1.0, 0.1, 0.2 });

        // With β = 0 the result is max_j‖g_j‖·Σ g_i/‖g_i‖: the same direction whatever the w_i; only the largest norm moves.
        var g = HandGradients(x, new[] { 1.0, 1.0, 1.0 });
        var unit = Combination(g.Select(r => 1 / Hand.Norm(r)).ToArray(), g);
        Assert.That(a, Is.EqualTo(unit.Select(v => v * g.Max(Hand.Norm))).Within(1e-6));
        Assert.That(Cosine(a, b), Is.EqualTo(1.0).Within(1e-12));
        var largestWeighted = HandGradients(x, new[] { 1.0, 0.1, 0.2 }).Max(Hand.Norm);
        Assert.That(Hand.Norm(b) / Hand.Norm(a), Is.EqualTo(largestWeighted / g.Max(Hand.Norm)).Within(1e-7), "up to ε = 1e-8 in the scales");
        Assert.That(largestWeighted, Is.LessThan(g.Max(Hand.Norm)), "the weights changed the largest norm");
    }

    [Test]
    public void The_first_average_is_the_gradient_times_one_minus_beta()
    {
        var declared = new[] { 1.0, 0.5 };
        var x = new[] { 1.0, 2.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new DBMtl(0.9).Initialized(Contexts.Of(model, optimizer, declared));

        Step(method, model, optimizer, x, declared);

        Assert.That(TinyModel.Values(method.Averaged), Is.EqualTo(HandGradients(x, declared).SelectMany(r => r.Select(v => 0.1 * v))).Within(1e-12));
    }

    public static IEnumerable<TestCaseData> Degenerate()
    {
        yield return new TestCaseData(new[] { 1.0, 1.0 }, new[] { 1.0, 2.0 }).SetName("Two gradients");
        yield return new TestCaseData(new[] { 1.0, 0.0 }, new[] { 1.0, 2.0 }).SetName("A zero gradient");
        yield return new TestCaseData(new[] { 0.0, 0.0 }, new[] { 1.0, 2.0 }).SetName("Every gradient zero");
        yield return new TestCaseData(new[] { 1.0, 1.0, 1.0 }, new[] { 0.0, 0.0 }).SetName("Every gradient zero at x = 0");
        yield return new TestCaseData(new[] { 1.0, 3.0 }, new[] { 1e-30, 2e-30 }).SetName("Tiny gradients");
        yield return new TestCaseData(new[] { 2.0 }, new[] { 1.0, 2.0 }).SetName("One loss");
    }

    [TestCaseSource(nameof(Degenerate))]
    public void Degenerate_gradients_give_finite_results(double[] declared, double[] x)
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new DBMtl(0.5).Initialized(Contexts.Of(model, optimizer, declared));
        var hand = new HandDBMtl(declared.Length, 4, 0.5, 0.0);

        for (var step = 0; step < 3; step++)
        {
            var aggregated = Step(method, model, optimizer, x, declared);
            Assert.That(Finite(aggregated), Is.True);
            Assert.That(aggregated, Is.EqualTo(hand.Step(HandGradients(x, declared))).Within(1e-9));
        }
    }

    [Test]
    public void The_averages_and_the_step_count_survive_a_trainer_state()
    {
        var declared = new[] { 1.0, 0.5, 2.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var saved = new DBMtl(0.8, 0.5).Initialized(Contexts.Of(model, optimizer, declared));
        using var restored = new DBMtl(0.8, 0.5).Initialized(Contexts.Of(model, optimizer, declared));
        Step(saved, model, optimizer, new[] { 1.0, 2.0 }, declared);
        Step(saved, model, optimizer, new[] { -0.5, 1.0 }, declared);

        var trainerState = Contexts.SaveThroughBytes(saved, "Aggregation.");
        Assert.That(trainerState.Values.Keys, Is.EquivalentTo(new[] { "Aggregation.SolvedWeights", "Aggregation.Averaged", "Aggregation.Step" }));
        restored.RestoreState(new MethodState("Aggregation.", trainerState));

        Assert.That(restored.Steps, Is.EqualTo(2));
        Assert.That(TinyModel.Values(restored.Averaged), Is.EqualTo(TinyModel.Values(saved.Averaged)));
        var x = new[] { 0.25, -2.0 };
        Assert.That(Step(restored, model, optimizer, x, declared), Is.EqualTo(Step(saved, model, optimizer, x, declared)), "the next step is the same");
    }

    [Test]
    public void Saved_values_are_checked()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new DBMtl().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        void Restore(double[] averaged, double[] step)
        {
            var state = new TrainerState
            {
                Trainer = Contexts.Trainer,
                Values = new Dictionary<string, double[]> { ["Aggregation.SolvedWeights"] = [0.5, 0.5], ["Aggregation.Averaged"] = averaged, ["Aggregation.Step"] = step },
            };
            method.RestoreState(new MethodState("Aggregation.", state));
        }

        Assert.Throws<ArgumentException>(() => Restore(new double[9], [1]));
        Assert.Throws<ArgumentException>(() => Restore(new double[8], [0.5]));
        Assert.Throws<ArgumentException>(() => Restore(new double[8], [1, 2]));
        Assert.That(method.Steps, Is.EqualTo(0), "a rejected state changes nothing");
        Restore(Enumerable.Range(0, 8).Select(v => (double)v).ToArray(), [3]);
        Assert.That(method.Steps, Is.EqualTo(3));
        Assert.That(TinyModel.Values(method.Averaged), Is.EqualTo(Enumerable.Range(0, 8).Select(v => (double)v)));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DBMtl(beta: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DBMtl(beta: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DBMtl(betaDecay: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DBMtl(betaDecay: double.NaN));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.001);
        using var method = new DBMtl().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 0.5, 2.0 }));

        var (afterFirst, afterLast) = LiveTensors(method, model, optimizer, 200);

        Assert.That(afterLast, Is.EqualTo(afterFirst));
    }
}
