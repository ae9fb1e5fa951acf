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
public sealed class MoCoTests
{
    private const double Tolerance = 1e-9;

    /// <summary>The projection onto the simplex found another way: bisection on τ in Σ max(u_i − τ, 0) = 1.</summary>
    private static double[] Bisection(double[] u)
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

    private static double[] Project(double[] u)
    {
        var result = new double[u.Length];
        BalancingAlgebra.ProjectOntoSimplex(u, result, new double[u.Length]);
        return result;
    }

    /// <summary>MoCo's state by hand: the tracked gradients and λ, stepped as the paper's algorithm writes it.</summary>
    private sealed class HandMoCo(int count, int size, double beta, double betaDecay, double gamma, double gammaDecay, double rho)
    {
        public double[][] Y { get; } = Enumerable.Range(0, count).Select(_ => new double[size]).ToArray();
        public double[] Lambda { get; private set; } = Enumerable.Repeat(1.0 / count, count).ToArray();
        private int t;

        public double[] Step(double[][] g)
        {
            t++;
            var betaStep = beta / Math.Pow(t, betaDecay);
            var gammaStep = gamma / Math.Pow(t, gammaDecay);
            for (var i = 0; i < count; i++) Y[i] = Hand.AddScaled(Y[i], -betaStep, Hand.AddScaled(Y[i], -1, g[i]));
            var u = new double[count];
            for (var i = 0; i < count; i++)
            {
                var product = rho * Lambda[i];
                for (var j = 0; j < count; j++) product += Hand.Dot(Y[i], Y[j]) * Lambda[j];
                u[i] = Lambda[i] - gammaStep * product;
            }
            Lambda = Bisection(u);
            return Combination(Lambda, Y);
        }
    }

    [TestCase(new[] { 0.5, 0.5 }, new[] { 0.5, 0.5 }, TestName = "A point on the simplex stays")]
    [TestCase(new[] { 2.0, 0.0 }, new[] { 1.0, 0.0 }, TestName = "A corner")]
    [TestCase(new[] { 1.0, 0.5, -1.0 }, new[] { 0.75, 0.25, 0.0 }, TestName = "Three values, one cut")]
    [TestCase(new[] { 0.0, 0.0, 0.0, 0.0 }, new[] { 0.25, 0.25, 0.25, 0.25 }, TestName = "The origin")]
    [TestCase(new[] { -3.0 }, new[] { 1.0 }, TestName = "One value")]
    public void The_projection_onto_the_simplex_matches_hand_values(double[] point, double[] expected)
    {
        Assert.That(Project(point), Is.EqualTo(expected).Within(Tolerance));
    }

    [Test]
    public void The_projection_is_the_nearest_point_of_the_simplex()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var count = random.Next(1, 17);
            var u = Enumerable.Range(0, count).Select(_ => random.NextDouble() * 6 - 3).ToArray();

            var x = Project(u);

            Assert.That(x.Sum(), Is.EqualTo(1.0).Within(1e-12));
            Assert.That(x.All(v => v >= 0), Is.True);
            Assert.That(x, Is.EqualTo(Bisection(u)).Within(1e-9), $"trial {trial}");
        }
    }

    [Test]
    public void Backward_tracks_the_gradients_steps_lambda_and_writes_the_tracked_combination()
    {
        var declared = new[] { 1.0, 0.5, 2.0 };
        var inputs = new[] { new[] { 1.0, 2.0 }, new[] { -1.0, 0.5 }, new[] { 0.3, -0.7 }, new[] { 2.0, 1.0 } };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new MoCo(beta: 0.6, betaDecay: 0.5, gamma: 0.05, gammaDecay: 0.5, rho: 0.1).Initialized(Contexts.Of(model, optimizer, declared));
        var hand = new HandMoCo(3, 4, 0.6, 0.5, 0.05, 0.5, 0.1);
        Assert.That(Enumerable.Range(0, 3).Select(method.Lambda), Is.EqualTo(new[] { 1.0 / 3, 1.0 / 3, 1.0 / 3 }), "λ starts uniform");

        foreach (var x in inputs)
        {
            var aggregated = Step(method, model, optimizer, x, declared);

            var expected = hand.Step(HandGradients(x, declared));
            Assert.That(aggregated, Is.EqualTo(expected).Within(1e-9));
            Assert.That(Enumerable.Range(0, 3).Select(method.Lambda), Is.EqualTo(hand.Lambda).Within(1e-9));
            Assert.That(TinyModel.Values(method.Tracked), Is.EqualTo(hand.Y.SelectMany(r => r)).Within(1e-12));
            for (var i = 0; i < 3; i++) Assert.That(TinyModel.Value(method.EffectiveWeight(i)), Is.NaN, "the result combines the tracked gradients, not this step's");
        }
        Assert.That(method.Steps, Is.EqualTo(inputs.Length));
        Assert.That(hand.Lambda.Distinct().Count(), Is.EqualTo(3), "λ moved");
    }

    [Test]
    public void With_constant_gradients_the_tracking_reaches_them_and_lambda_the_min_norm_weights()
    {
        // The paper's claim: y_i tracks ∇L_i and λ converges to the weights of the min-norm point of their convex hull.
        var declared = new[] { 1.0, 1.0 };
        var x = new[] { 1.0, 2.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new MoCo().Initialized(Contexts.Of(model, optimizer, declared));
        var g = HandGradients(x, declared);
        Assert.That(Hand.Dot(g[0], g[1]), Is.LessThan(0), "the gradients conflict");
        // min over λ on the simplex of ‖λ·g1 + (1 − λ)·g2‖²: λ = (g2·g2 − g1·g2)/‖g1 − g2‖², inside (0, 1) here.
        var difference = Hand.AddScaled(g[0], -1, g[1]);
        var minNorm = (Hand.Dot(g[1], g[1]) - Hand.Dot(g[0], g[1])) / Hand.Dot(difference, difference);
        Assert.That(minNorm, Is.InRange(0.01, 0.99));

        double[] aggregated = [];
        for (var step = 0; step < 400; step++) aggregated = Step(method, model, optimizer, x, declared);

        Assert.That(TinyModel.Values(method.Tracked), Is.EqualTo(g.SelectMany(r => r)).Within(1e-6));
        Assert.That(method.Lambda(0), Is.EqualTo(minNorm).Within(1e-4));
        Assert.That(aggregated, Is.EqualTo(Combination(new[] { minNorm, 1 - minNorm }, g)).Within(1e-3));
    }

    [Test]
    public void Lambda_stays_on_the_simplex_for_any_gramian()
    {
        var random = new Random(9);
        for (var trial = 0; trial < 100; trial++)
        {
            var count = random.Next(1, 17);
            var rows = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 20 - 10).ToArray()).ToArray();
            var lambda = Enumerable.Repeat(1.0 / count, count).ToArray();
            for (var step = 1; step <= 20; step++)
            {
                ProjectedGradientWeights.Step(Gramian(rows), count, 0.5 / Math.Sqrt(step), 0.0, lambda, new double[count], new double[count]);
                Assert.That(lambda.Sum(), Is.EqualTo(1.0).Within(1e-12));
                Assert.That(lambda.All(v => v >= 0), Is.True);
            }
        }
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
    public void Degenerate_gradients_give_finite_weights_on_the_simplex(double[][] g)
    {
        var count = g.Length;
        var lambda = Enumerable.Repeat(1.0 / count, count).ToArray();
        for (var step = 1; step <= 50; step++)
        {
            ProjectedGradientWeights.Step(Gramian(g), count, 0.1 / Math.Sqrt(step), 0.0, lambda, new double[count], new double[count]);
            Assert.That(Finite(lambda), Is.True);
            Assert.That(lambda.Sum(), Is.EqualTo(1.0).Within(1e-12));
        }
        if (count == 1) Assert.That(lambda, Is.EqualTo(new[] { 1.0 }));
        if (count == 2 && g[0][0] == -g[1][0] / 2) Assert.That(Combination(lambda, g), Is.EqualTo(new[] { 0.0, 0.0 }).Within(1e-6), "opposite gradients balance out");
    }

    [Test]
    public void A_zero_gradient_and_one_loss_give_finite_aggregations()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var two = new MoCo().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 0.0 }));
        using var one = new MoCo(beta: 1.0).Initialized(Contexts.Of(model, optimizer, new[] { 1.0 }));
        var x = new[] { 1.0, 2.0 };

        for (var step = 0; step < 3; step++)
        {
            Assert.That(Finite(Step(two, model, optimizer, x, new[] { 1.0, 0.0 })), Is.True);
            // One loss and β = 1: y is the gradient, λ = 1.
            Assert.That(Step(one, model, optimizer, x, new[] { 1.0 }), Is.EqualTo(HandGradients(x, new[] { 1.0 })[0]).Within(1e-12));
        }
        Assert.That(two.Lambda(1), Is.EqualTo(1.0).Within(1e-9), "the zero gradient is the min-norm point: its weight grows to 1");
    }

    [Test]
    public void The_tracked_gradients_lambda_and_the_step_count_survive_a_trainer_state()
    {
        var declared = new[] { 1.0, 0.5, 2.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var saved = new MoCo().Initialized(Contexts.Of(model, optimizer, declared));
        using var restored = new MoCo().Initialized(Contexts.Of(model, optimizer, declared));
        Step(saved, model, optimizer, new[] { 1.0, 2.0 }, declared);
        Step(saved, model, optimizer, new[] { -0.5, 1.0 }, declared);

        var trainerState = Contexts.SaveThroughBytes(saved, "Aggregation.");
        Assert.That(trainerState.Values.Keys, Is.EquivalentTo(new[] { "Aggregation.SolvedWeights", "Aggregation.Tracked", "Aggregation.Lambda", "Aggregation.Step" }));
        restored.RestoreState(new MethodState("Aggregation.", trainerState));

        Assert.That(restored.Steps, Is.EqualTo(2));
        Assert.That(Enumerable.Range(0, 3).Select(restored.Lambda), Is.EqualTo(Enumerable.Range(0, 3).Select(saved.Lambda)));
        Assert.That(TinyModel.Values(restored.Tracked), Is.EqualTo(TinyModel.Values(saved.Tracked)));
        var x = new[] { 0.25, -2.0 };
        Assert.That(Step(restored, model, optimizer, x, declared), Is.EqualTo(Step(saved, model, optimizer, x, declared)), "the next step is the same");
    }

    [Test]
    public void Saved_values_are_checked()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new MoCo().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        void Restore(double[] tracked, double[] lambda, double[] step)
        {
            var state = new TrainerState
            {
                Trainer = Contexts.Trainer,
                Values = new Dictionary<string, double[]> { ["Aggregation.SolvedWeights"] = [0.5, 0.5], ["Aggregation.Tracked"] = tracked, ["Aggregation.Lambda"] = lambda, ["Aggregation.Step"] = step },
            };
            method.RestoreState(new MethodState("Aggregation.", state));
        }

        Assert.Throws<ArgumentException>(() => Restore(new double[7], [0.5, 0.5], [1]), "2 losses × 4 shared values");
        Assert.Throws<ArgumentException>(() => Restore(new double[8], [1.0], [1]));
        Assert.Throws<ArgumentException>(() => Restore(new double[8], [0.5, 0.5], [1.5]));
        Assert.Throws<ArgumentException>(() => Restore(new double[8], [0.5, 0.5], [-1]));
        Assert.That(method.Steps, Is.EqualTo(0), "a rejected state changes nothing");
        Restore(Enumerable.Range(0, 8).Select(v => (double)v).ToArray(), [0.25, 0.75], [4]);
        Assert.That(method.Steps, Is.EqualTo(4));
        Assert.That(method.Lambda(1), Is.EqualTo(0.75));
        Assert.That(TinyModel.Values(method.Tracked), Is.EqualTo(Enumerable.Range(0, 8).Select(v => (double)v)));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCo(beta: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCo(beta: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCo(betaDecay: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCo(gamma: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCo(gammaDecay: double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCo(rho: -0.5));
        Assert.Throws<ArgumentException>(() => BalancingAlgebra.ProjectOntoSimplex(new double[2], new double[3], new double[2]));
        Assert.Throws<ArgumentException>(() => ProjectedGradientWeights.Step(new double[3], 2, 0.1, 0, new double[2], new double[2], new double[2]));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.001);
        using var method = new MoCo().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 0.5, 2.0 }));

        var (afterFirst, afterLast) = LiveTensors(method, model, optimizer, 200);

        Assert.That(afterLast, Is.EqualTo(afterFirst));
    }
}
