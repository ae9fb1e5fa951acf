using System;
using System.Linq;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting.Tests;

[TestFixture]
public sealed class PcGradTests
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

    /// <summary>SplitMix64 and the shuffle, as PcGrad's documentation describes them, written again here.</summary>
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

        var projected = PcGrad.Project(gradients, new[] { 1, 0 });
        var sum = PcGrad.Aggregate(gradients, new[] { 1, 0 });

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

        var projected = PcGrad.Project(gradients, new[] { 1, 0 });

        Assert.That(Row(projected, 0), Is.EqualTo(g1));
        Assert.That(Row(projected, 1), Is.EqualTo(g2));
        Assert.That(TinyModel.Values(PcGrad.Aggregate(gradients, new[] { 1, 0 })), Is.EqualTo(Hand.AddScaled(g1, 1, g2)).Within(Tolerance));
    }

    [Test]
    public void Three_gradients_follow_the_given_order()
    {
        using var scope = torch.NewDisposeScope();
        var g = new[] { new[] { 2.0, 0.0, 1.0 }, new[] { -1.0, 1.0, 0.0 }, new[] { -1.0, 0.0, 0.5 } };
        var gradients = Matrix(g);
        var orderA = new[] { new[] { 1, 2 }, new[] { 0, 2 }, new[] { 0, 1 } };
        var orderB = new[] { new[] { 2, 1 }, new[] { 2, 0 }, new[] { 1, 0 } };

        var projectedA = PcGrad.Project(gradients, orderA.SelectMany(o => o).ToArray());
        var projectedB = PcGrad.Project(gradients, orderB.SelectMany(o => o).ToArray());

        var expectedA = Hand.PcGrad(g, orderA);
        var expectedB = Hand.PcGrad(g, orderB);
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
            PcGrad.DrawOrder(ref state, i, count, order);
            Assert.That(order, Is.EqualTo(expected[i]), $"order of loss {i}");
            Assert.That(order.OrderBy(j => j), Is.EqualTo(Enumerable.Range(0, count).Where(j => j != i)), $"a permutation of the others, for loss {i}");
        }
        Assert.That(Enumerable.Range(0, 20).Select(_ => Orders(42UL + (ulong)_, count)[0][0]).Distinct().Count(), Is.GreaterThan(1), "the seed matters");
    }

    [Test]
    public void Backward_writes_the_projected_sum_into_the_shared_gradient()
    {
        using var model = new TinyModel();
        using var pcGrad = new PcGrad(new[] { model.W }, lossCount: 2, seed: 7);
        using var scope = torch.NewDisposeScope();
        var l1 = model.Loss(model.U, X, 1.0);
        var l2 = model.Loss(model.V, X, 0.0);

        pcGrad.Backward(new[] { l1, l2 }, retainGraph: true);

        var g1 = Hand.Flat(Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0).GradW);
        var g2 = Hand.Flat(Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, X, 0.0).GradW);
        var dot = Hand.Dot(g1, g2);
        Assert.That(dot, Is.LessThan(0), "the hand case conflicts");
        var projected1 = Hand.AddScaled(g1, -dot / Hand.Dot(g2, g2), g2);
        var projected2 = Hand.AddScaled(g2, -dot / Hand.Dot(g1, g1), g1);
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(Hand.AddScaled(projected1, 1, projected2)).Within(Tolerance));
        Assert.That(model.U.grad, Is.Null, "parameters outside the shared set are not touched");

        // The graph was kept: the heads can still be trained by the plain backward of the total.
        var total = l1.add(l2);
        total.backward(inputs: new Tensor[] { model.U, model.V });
        Assert.That(TinyModel.Values(model.U.grad!), Is.EqualTo(Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0).GradHead).Within(Tolerance));
    }

    [Test]
    public void Backward_accumulates_into_an_existing_gradient()
    {
        using var model = new TinyModel();
        using var pcGrad = new PcGrad(new[] { model.W }, lossCount: 2);
        using var scope = torch.NewDisposeScope();
        var previous = new[] { 1.0, -2.0, 3.0, -4.0 };
        model.W.grad = torch.tensor(previous, new long[] { 2, 2 }, dtype: ScalarType.Float64);
        var l1 = model.Loss(model.U, X, 1.0);
        var constant = torch.tensor(5.0, dtype: ScalarType.Float64);

        pcGrad.Backward(new[] { l1, constant });

        // A loss without a graph is a zero gradient: nothing to project against.
        var g1 = Hand.Flat(Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0).GradW);
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(Hand.AddScaled(previous, 1, g1)).Within(Tolerance));
    }

    [Test]
    public void Backward_over_all_parameters_with_three_losses_matches_the_hand_computation()
    {
        const ulong seed = 1234;
        using var model = new TinyModel();
        using var pcGrad = new PcGrad(model.All, lossCount: 3, seed: seed);
        using var scope = torch.NewDisposeScope();
        var x = new[] { 0.5, -1.5 };

        pcGrad.Backward(new[] { model.Loss(model.U, x, 1.0), model.Loss(model.V, x, 0.0), model.Loss(model.Z, x, 0.5) });

        // Flattened over (W, u, v, z): each loss reaches W and its own head only.
        var parts = new[]
        {
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, x, 1.0),
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, x, 0.0),
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialZ, x, 0.5),
        };
        var g = new double[3][];
        for (var i = 0; i < 3; i++)
        {
            g[i] = new double[10];
            Hand.Flat(parts[i].GradW).CopyTo(g[i], 0);
            parts[i].GradHead.CopyTo(g[i], 4 + 2 * i);
        }
        var expected = Hand.Sum(Hand.PcGrad(g, Orders(seed, 3)));
        var actual = TinyModel.Values(model.W.grad!).Concat(TinyModel.Values(model.U.grad!))
            .Concat(TinyModel.Values(model.V.grad!)).Concat(TinyModel.Values(model.Z.grad!)).ToArray();
        Assert.That(actual, Is.EqualTo(expected).Within(Tolerance));
        Assert.That(Hand.Dot(g[0], g[1]) < 0 || Hand.Dot(g[0], g[2]) < 0 || Hand.Dot(g[1], g[2]) < 0, Is.True, "some pair conflicts");
    }

    [Test]
    public void A_parameter_no_loss_reaches_keeps_no_gradient()
    {
        using var model = new TinyModel();
        using var pcGrad = new PcGrad(model.All, lossCount: 2);
        using var scope = torch.NewDisposeScope();

        pcGrad.Backward(new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0) });

        Assert.That(model.Z.grad, Is.Null);
        Assert.That(model.W.grad, Is.Not.Null);
    }

    [TestCase(0UL)]
    [TestCase(0x9E3779B97F4A7C15UL)]
    [TestCase(ulong.MaxValue)]
    public void The_random_state_survives_its_saved_values(ulong state)
    {
        using var model = new TinyModel();
        using var saved = new PcGrad(new[] { model.W }, lossCount: 3) { RandomState = state };
        using var restored = new PcGrad(new[] { model.W }, lossCount: 3, seed: 7);

        restored.RestoreValues(saved.SaveValues());

        Assert.That(restored.RandomState, Is.EqualTo(state));
    }

    [Test]
    public void Saved_random_state_values_are_checked()
    {
        using var model = new TinyModel();
        using var pcGrad = new PcGrad(new[] { model.W }, lossCount: 2, seed: 5);

        Assert.Throws<ArgumentException>(() => pcGrad.RestoreValues([1.0]));
        Assert.Throws<ArgumentException>(() => pcGrad.RestoreValues([0.5, 1.0]));
        Assert.Throws<ArgumentException>(() => pcGrad.RestoreValues([-1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => pcGrad.RestoreValues([4294967296.0, 0.0]));
        Assert.That(pcGrad.RandomState, Is.EqualTo(5UL), "a rejected state changes nothing");
    }

    [Test]
    public void Arguments_are_checked()
    {
        using var model = new TinyModel();
        using var pcGrad = new PcGrad(new[] { model.W }, lossCount: 2);
        using var scope = torch.NewDisposeScope();
        var gradients = Matrix(new[] { new[] { 1.0, 0.0 }, new[] { -1.0, 1.0 } });

        Assert.Throws<ArgumentException>(() => PcGrad.Project(gradients, new[] { 0, 1 }), "loss 0 projected onto itself");
        Assert.Throws<ArgumentException>(() => PcGrad.Project(gradients, new[] { 1 }));
        Assert.Throws<ArgumentException>(() => pcGrad.Backward(new[] { model.Loss(model.U, X, 1.0) }));
        Assert.That(model.W.grad, Is.Null);
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.001);
        using var pcGrad = new PcGrad(model.All, lossCount: 3, seed: 3);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            pcGrad.Backward(new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0), model.Loss(model.Z, X, 0.5) });
            optimizer.step();
        }

        Step();
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 1; i < 200; i++) Step();

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }
}
