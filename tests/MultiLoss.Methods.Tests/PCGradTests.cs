using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class PCGradTests
{
    private const double Tolerance = 1e-6;
    private static readonly double[] X = { 1.0, 2.0 };

    private static Tensor Matrix(double[][] rows)
    {
        var flat = rows.SelectMany(r => r).ToArray();
        return torch.tensor(flat, new long[] { rows.Length, rows[0].Length }, dtype: ScalarType.Float64);
    }

    private static double[] Row(Tensor matrix, int i)
    {
        using var row = matrix[i];
        return TinyModel.Values(row);
    }

    /// <summary>SplitMix64 and the shuffle, as PCGrad's documentation describes them, written again here.</summary>
    private static int[][] Orders(ulong state, int count)
    {
        var orders = new int[count][];
        for (var i = 0; i < count; i++)
        {
            var order = Enumerable.Range(0, count).Where(j => j != i).ToArray();
            for (var k = order.Length - 1; k >= 1; k--)
            {
                state += 0x9E3779B97F4A7C15UL;
                var z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                var r = (int)(((UInt128)z * (UInt128)(ulong)(k + 1)) >> 64);
                (order[k], order[r]) = (order[r], order[k]);
            }
            orders[i] = order;
        }
        return orders;
    }

    [Test]
    public void Conflicting_gradients_are_projected_onto_each_others_normal_plane()
    {
        using var scope = torch.NewDisposeScope();
        var gradients = Matrix(new[] { new[] { 1.0, 0.0 }, new[] { -1.0, 1.0 } });

        var projected = PCGradOracle.Project(gradients, new[] { 1, 0 });
        var sum = PCGradOracle.ProjectAndSum(gradients, new[] { 1, 0 });

        // g1·g2 = −1 < 0: g1 − (−1/2)·g2 = (0.5, 0.5); g2 − (−1/1)·g1 = (0, 1); the sum (0.5, 1.5).
        Assert.That(Row(projected, 0), Is.EqualTo(new[] { 0.5, 0.5 }).Within(Tolerance));
        Assert.That(Row(projected, 1), Is.EqualTo(new[] { 0.0, 1.0 }).Within(Tolerance));
        Assert.That(TinyModel.Values(sum), Is.EqualTo(new[] { 0.5, 1.5 }).Within(Tolerance));
        Assert.That(Hand.Dot(Row(projected, 0), new[] { -1.0, 1.0 }), Is.EqualTo(0.0).Within(Tolerance), "g1 now orthogonal to g2");
        Assert.That(Row(gradients, 0), Is.EqualTo(new[] { 1.0, 0.0 }), "the input is not changed");
    }

    [TestCase(new[] { 1.0, 2.0 }, new[] { 3.0, 1.0 }, TestName = "Positive dot product")]
    [TestCase(new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, TestName = "Orthogonal")]
    [TestCase(new[] { 1.0, 1.0 }, new[] { 0.0, 0.0 }, TestName = "Zero gradient")]
    public void Gradients_that_do_not_conflict_are_untouched(double[] g1, double[] g2)
    {
        using var scope = torch.NewDisposeScope();
        var gradients = Matrix(new[] { g1, g2 });

        var projected = PCGradOracle.Project(gradients, new[] { 1, 0 });

        Assert.That(Row(projected, 0), Is.EqualTo(g1));
        Assert.That(Row(projected, 1), Is.EqualTo(g2));
        Assert.That(TinyModel.Values(PCGradOracle.ProjectAndSum(gradients, new[] { 1, 0 })), Is.EqualTo(Hand.AddScaled(g1, 1, g2)).Within(Tolerance));
    }

    [Test]
    public void Three_gradients_follow_the_given_order()
    {
        using var scope = torch.NewDisposeScope();
        var g = new[] { new[] { 2.0, 0.0, 1.0 }, new[] { -1.0, 1.0, 0.0 }, new[] { -1.0, 0.0, 0.5 } };
        var gradients = Matrix(g);
        var orderA = new[] { new[] { 1, 2 }, new[] { 0, 2 }, new[] { 0, 1 } };
        var orderB = new[] { new[] { 2, 1 }, new[] { 2, 0 }, new[] { 1, 0 } };

        var projectedA = PCGradOracle.Project(gradients, orderA.SelectMany(o => o).ToArray());
        var projectedB = PCGradOracle.Project(gradients, orderB.SelectMany(o => o).ToArray());

        var expectedA = Hand.PCGrad(g, orderA);
        var expectedB = Hand.PCGrad(g, orderB);
        for (var i = 0; i < 3; i++)
        {
            Assert.That(Row(projectedA, i), Is.EqualTo(expectedA[i]).Within(Tolerance), $"row {i}, order A");
            Assert.That(Row(projectedB, i), Is.EqualTo(expectedB[i]).Within(Tolerance), $"row {i}, order B");
        }
        Assert.That(expectedA[0], Is.Not.EqualTo(expectedB[0]).Within(1e-3), "the order matters in this case");
    }

    [Test]
    public void Orders_are_seeded_shuffles_of_the_other_losses()
    {
        const int count = 5;
        var state = 42UL;
        var expected = Orders(42UL, count);
        var order = new int[count - 1];
        for (var i = 0; i < count; i++)
        {
            SeededRandom.DrawOrder(ref state, i, count, order);
            Assert.That(order, Is.EqualTo(expected[i]), $"order of loss {i}");
            Assert.That(order.OrderBy(j => j), Is.EqualTo(Enumerable.Range(0, count).Where(j => j != i)), $"a permutation of the others, for loss {i}");
        }
        Assert.That(Enumerable.Range(0, 20).Select(_ => Orders(42UL + (ulong)_, count)[0][0]).Distinct().Count(), Is.GreaterThan(1), "the seed matters");
    }

    /// <summary>The values of <paramref name="parameters"/>' gradients, one after the other (none counts as zeros).</summary>
    private static double[] Gradient(params Parameter[] parameters)
        => parameters.SelectMany(p => p.grad is { } g ? TinyModel.Values(g) : new double[p.numel()]).ToArray();

    [Test]
    public void Backward_writes_the_projected_sum_into_the_shared_gradient_and_the_total_into_the_others()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var pcGrad = new PCGrad(seed: 7).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        using var scope = torch.NewDisposeScope();
        var l1 = model.Loss(model.U, X, 1.0);
        var l2 = model.Loss(model.V, X, 0.0);
        Assert.That(pcGrad.HasUnsharedParameters, Is.True);

        pcGrad.Backward(new[] { l1, l2 }, l1.add(l2));

        var p1 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0);
        var p2 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, X, 0.0);
        var g1 = Hand.Flat(p1.GradW);
        var g2 = Hand.Flat(p2.GradW);
        var dot = Hand.Dot(g1, g2);
        Assert.That(dot, Is.LessThan(0), "the hand case conflicts");
        var projected1 = Hand.AddScaled(g1, -dot / Hand.Dot(g2, g2), g2);
        var projected2 = Hand.AddScaled(g2, -dot / Hand.Dot(g1, g1), g1);
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(Hand.AddScaled(projected1, 1, projected2)).Within(Tolerance));

        // The parameters outside the shared layer get the plain gradient of the total.
        Assert.That(TinyModel.Values(model.U.grad!), Is.EqualTo(p1.GradHead).Within(Tolerance));
        Assert.That(TinyModel.Values(model.V.grad!), Is.EqualTo(p2.GradHead).Within(Tolerance));
        Assert.That(model.Z.grad, Is.Null, "a head no loss reaches keeps no gradient");
    }

    [Test]
    public void Backward_accumulates_into_an_existing_gradient()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var pcGrad = new PCGrad().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        using var scope = torch.NewDisposeScope();
        var previous = new[] { 1.0, -2.0, 3.0, -4.0 };
        model.W.grad = torch.tensor(previous, new long[] { 2, 2 }, dtype: ScalarType.Float64);
        var l1 = model.Loss(model.U, X, 1.0);
        var constant = torch.tensor(5.0, dtype: ScalarType.Float64);

        pcGrad.Backward(new[] { l1, constant }, l1.add(constant));

        // A loss without a graph is a zero gradient: nothing to project against.
        var g1 = Hand.Flat(Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0).GradW);
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(Hand.AddScaled(previous, 1, g1)).Within(Tolerance));
    }

    [Test]
    public void Backward_over_all_parameters_with_three_losses_matches_the_hand_computation()
    {
        const ulong seed = 1234;
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var pcGrad = new PCGrad(seed).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }, sharedW: false));
        using var scope = torch.NewDisposeScope();
        var x = new[] { 0.5, -1.5 };
        Assert.That(pcGrad.HasUnsharedParameters, Is.False);

        var losses = new[] { model.Loss(model.U, x, 1.0), model.Loss(model.V, x, 0.0), model.Loss(model.Z, x, 0.5) };
        pcGrad.Backward(losses, losses[0].add(losses[1]).add(losses[2]));

        // Flattened over (W, u, v, z): each loss reaches W and its own head only.
        var g = HandGradients(x, new[] { 1.0, 1.0, 1.0 }, new[] { 1.0, 0.0, 0.5 });
        var expected = Hand.Sum(Hand.PCGrad(g, Orders(seed, 3)));
        Assert.That(Gradient(model.W, model.U, model.V, model.Z), Is.EqualTo(expected).Within(Tolerance));
        Assert.That(Hand.Dot(g[0], g[1]) < 0 || Hand.Dot(g[0], g[2]) < 0 || Hand.Dot(g[1], g[2]) < 0, Is.True, "some pair conflicts");
        Assert.That(pcGrad.RandomState, Is.Not.EqualTo(seed), "the orders were drawn from the random state");
    }

    /// <summary>The hand gradients of w_i·L_i for the three heads (targets y_i), flattened over (W, u, v, z).</summary>
    private static double[][] HandGradients(double[] x, double[] declared, double[] y)
    {
        var parts = new[]
        {
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, x, y[0]),
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, x, y[1]),
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialZ, x, y[2]),
        };
        var g = new double[3][];
        for (var i = 0; i < 3; i++)
        {
            g[i] = new double[10];
            Hand.Flat(parts[i].GradW).CopyTo(g[i], 0);
            parts[i].GradHead.CopyTo(g[i], 4 + 2 * i);
            for (var k = 0; k < 10; k++) g[i][k] *= declared[i];
        }
        return g;
    }

    [Test]
    public void Effective_weights_are_the_coefficients_of_the_projection()
    {
        const ulong seed = 99;
        var declared = new[] { 1.0, 0.5, 2.0 };
        var x = new[] { -1.0, -1.0 };
        var y = new[] { 0.0, -1.0, -1.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var pcGrad = new PCGrad(seed).Initialized(Contexts.Of(model, optimizer, declared, sharedW: false));
        using var scope = torch.NewDisposeScope();
        Assert.That(TinyModel.Value(pcGrad.EffectiveWeight(0)), Is.NaN, "no aggregation yet");

        var losses = new[] { model.Loss(model.U, x, y[0]), model.Loss(model.V, x, y[1]), model.Loss(model.Z, x, y[2]) };
        var weighted = new Tensor?[3];
        for (var i = 0; i < 3; i++) weighted[i] = losses[i].mul(declared[i]);
        pcGrad.Backward(weighted, weighted[0]!.add(weighted[1]!).add(weighted[2]!));

        // g_j, the gradient of w_j·L_j: the aggregated gradient is Σ_j c_j·g_j, and EffectiveWeight(j) = c_j·w_j.
        var g = HandGradients(x, declared, y);
        var conflicts = 0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = i + 1; j < 3; j++) conflicts += Hand.Dot(g[i], g[j]) < 0 ? 1 : 0;
        }
        Assert.That(conflicts, Is.EqualTo(3), "every pair of gradients conflicts");
        var coefficients = new double[3];
        for (var j = 0; j < 3; j++) coefficients[j] = TinyModel.Value(pcGrad.EffectiveWeight(j)) / declared[j];
        var combined = new double[10];
        for (var j = 0; j < 3; j++) combined = Hand.AddScaled(combined, coefficients[j], g[j]);
        var aggregated = Gradient(model.W, model.U, model.V, model.Z);
        Assert.That(combined, Is.EqualTo(aggregated).Within(Tolerance), "Σ_j EffectiveWeight(j)/w_j·g_j is the aggregated gradient");
        Assert.That(aggregated, Is.EqualTo(Hand.Sum(Hand.PCGrad(g, Orders(seed, 3)))).Within(Tolerance), "and the PCGrad gradient");
        Assert.That(coefficients.Any(c => Math.Abs(c - 1) > 1e-3), Is.True, "the projection changed some coefficient");

        // Without a conflict the coefficients are 1: the effective weights are the declared weights.
        using var plain = new PCGrad(seed).Initialized(Contexts.Of(model, optimizer, declared, sharedW: false));
        Gradients.SetToNone(optimizer);
        var same = model.Loss(model.U, x, y[0]);
        plain.Backward(new[] { same.mul(declared[0]), same.mul(declared[1]), same.mul(declared[2]) }, same.mul(3.5));
        for (var j = 0; j < 3; j++) Assert.That(TinyModel.Value(plain.EffectiveWeight(j)), Is.EqualTo(declared[j]).Within(Tolerance), $"weight {j} without conflict");
    }

    [Test]
    public void A_parameter_no_loss_reaches_keeps_no_gradient()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var pcGrad = new PCGrad().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }, sharedW: false));
        using var scope = torch.NewDisposeScope();

        var losses = new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0) };
        pcGrad.Backward(losses, losses[0].add(losses[1]));

        Assert.That(model.Z.grad, Is.Null);
        Assert.That(model.W.grad, Is.Not.Null);
    }

    [TestCase(0UL)]
    [TestCase(0x9E3779B97F4A7C15UL)]
    [TestCase(ulong.MaxValue)]
    public void The_random_state_survives_a_trainer_state(ulong state)
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var saved = new PCGrad { RandomState = state }.Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }));
        using var restored = new PCGrad(seed: 7).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }));

        var trainerState = Contexts.SaveThroughBytes(saved, "Aggregation.");
        Assert.That(trainerState.Values.Keys, Is.EquivalentTo(new[] { "Aggregation.SolvedWeights", "Aggregation.RandomState" }));
        restored.RestoreState(new MethodState("Aggregation.", trainerState));

        Assert.That(restored.RandomState, Is.EqualTo(state));
    }

    [Test]
    public void Saved_random_state_values_are_checked()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var pcGrad = new PCGrad(seed: 5).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        void Restore(double[] values)
        {
            var state = new TrainerState { Trainer = Contexts.Trainer, Values = new Dictionary<string, double[]> { ["Aggregation.SolvedWeights"] = [0.5, 0.5], ["Aggregation.RandomState"] = values } };
            pcGrad.RestoreState(new MethodState("Aggregation.", state));
        }

        Assert.Throws<ArgumentException>(() => Restore([1.0]));
        Assert.Throws<ArgumentException>(() => Restore([0.5, 1.0]));
        Assert.Throws<ArgumentException>(() => Restore([-1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => Restore([4294967296.0, 0.0]));
        Assert.Throws<ArgumentException>(() => pcGrad.RestoreState(new MethodState("Aggregation.", new TrainerState { Trainer = Contexts.Trainer })), "no saved state");
        Assert.That(pcGrad.RandomState, Is.EqualTo(5UL), "a rejected state changes nothing");
        Restore([1.0, 2.0]);
        Assert.That(pcGrad.RandomState, Is.EqualTo((1UL << 32) + 2), "an accepted one is read");
    }

    [Test]
    public void Arguments_are_checked()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var pcGrad = new PCGrad().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        using var scope = torch.NewDisposeScope();
        var gradients = Matrix(new[] { new[] { 1.0, 0.0 }, new[] { -1.0, 1.0 } });

        Assert.Throws<ArgumentException>(() => PCGradOracle.Project(gradients, new[] { 0, 1 }), "loss 0 projected onto itself");
        Assert.Throws<ArgumentException>(() => PCGradOracle.Project(gradients, new[] { 1 }));
        var loss = model.Loss(model.U, X, 1.0);
        Assert.Throws<ArgumentException>(() => pcGrad.Backward(new[] { loss }, loss));
        Assert.Throws<ArgumentOutOfRangeException>(() => pcGrad.EffectiveWeight(2));
        Assert.That(model.W.grad, Is.Null);
        using var uninitialized = new PCGrad();
        Assert.Throws<InvalidOperationException>(() => uninitialized.Backward(new[] { loss }, loss));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.001);
        using var pcGrad = new PCGrad(seed: 3).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }, sharedW: false));

        AggregationSteps.AssertLiveTensorCountStable(() => AggregationSteps.Train(pcGrad, model, optimizer, [1.0, 1.0, 1.0], readWeights: true));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps_with_a_shared_layer()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.001);
        using var pcGrad = new PCGrad(seed: 3).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }));

        AggregationSteps.AssertLiveTensorCountStable(() => AggregationSteps.Train(pcGrad, model, optimizer, [1.0, 1.0, 1.0], readWeights: false));
    }
}
