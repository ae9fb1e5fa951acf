using System;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class GeometricLossStrategyTests
{
    private const double Tolerance = 1e-9;
    private static readonly double[] X = { 1.0, 2.0 };

    private static Tensor Leaf(double value) => torch.tensor(value, dtype: ScalarType.Float64, requires_grad: true);

    private static Tensor?[] ThreeLosses(TinyModel model)
        => new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0), model.Loss(model.Z, X, 0.0) };

    [Test]
    public void With_unit_weights_the_total_is_the_cube_root_of_the_product()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }));
        using var scope = torch.NewDisposeScope();

        var total = method.Combine(ThreeLosses(model));
        total.backward();

        // By hand: L = 0.81, 1.69 and (z·Wx)² = 1.05² = 1.1025; G = (L1·L2·L3)^(1/3), ∂G/∂L_i = G/(3·L_i).
        var p = new[]
        {
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0),
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, X, 0.0),
            Hand.Loss(TinyModel.InitialW, TinyModel.InitialZ, X, 0.0),
        };
        Assert.That(p[2].Loss, Is.EqualTo(1.1025).Within(1e-12));
        var g = Math.Pow(p[0].Loss * p[1].Loss * p[2].Loss, 1.0 / 3);
        var c = new double[3];
        var expectedGradW = new double[4];
        for (var i = 0; i < 3; i++)
        {
            c[i] = g / (3 * p[i].Loss);
            var flat = Hand.Flat(p[i].GradW);
            for (var k = 0; k < 4; k++) expectedGradW[k] += c[i] * flat[k];
        }

        Assert.That(TinyModel.Value(total), Is.EqualTo(g).Within(Tolerance));
        for (var i = 0; i < 3; i++) Assert.That(TinyModel.Value(method.EffectiveWeight(i)), Is.EqualTo(c[i]).Within(Tolerance), $"weight {i}");
        Assert.That(method.EffectiveWeight(0).requires_grad, Is.False, "a reported weight carries no graph");
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(expectedGradW).Within(Tolerance));
        Assert.That(TinyModel.Values(model.Z.grad!), Is.EqualTo(new[] { c[2] * p[2].GradHead[0], c[2] * p[2].GradHead[1] }).Within(Tolerance));
    }

    [Test]
    public void Declared_weights_are_the_exponents_of_a_weighted_geometric_mean()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        var declared = new[] { 1.0, 0.5 };
        using var method = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, declared));
        using var scope = torch.NewDisposeScope();
        var l1 = Leaf(0.81);
        var l2 = Leaf(1.69);

        var total = method.Combine(new[] { l1, l2 });
        total.backward();

        // G = L1^(1/1.5)·L2^(0.5/1.5); ∂G/∂L_i = G·w_i/(W·L_i), W = 1.5.
        var g = Math.Pow(0.81, 1 / 1.5) * Math.Pow(1.69, 0.5 / 1.5);
        Assert.That(TinyModel.Value(total), Is.EqualTo(g).Within(Tolerance));
        Assert.That(TinyModel.Value(l1.grad!), Is.EqualTo(g / (1.5 * 0.81)).Within(Tolerance));
        Assert.That(TinyModel.Value(l2.grad!), Is.EqualTo(g * 0.5 / (1.5 * 1.69)).Within(Tolerance));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(g / (1.5 * 0.81)).Within(Tolerance));
        Assert.That(TinyModel.Value(method.EffectiveWeight(1)), Is.EqualTo(g * 0.5 / (1.5 * 1.69)).Within(Tolerance));

        // Scaling every declared weight alike changes nothing.
        using var doubled = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, new[] { 2.0, 1.0 }));
        Assert.That(TinyModel.Value(doubled.Combine(new[] { l1, l2 })), Is.EqualTo(g).Within(Tolerance));
    }

    [Test]
    public void A_loss_that_is_not_active_leaves_the_mean_of_the_others()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }));
        using var scope = torch.NewDisposeScope();
        var l1 = Leaf(4.0);
        var l3 = Leaf(9.0);

        var total = method.Combine(new[] { l1, null, l3 });
        total.backward();

        Assert.That(TinyModel.Value(total), Is.EqualTo(6.0).Within(Tolerance), "√(4·9): the root over the active losses");
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(6.0 / (2 * 4.0)).Within(Tolerance));
        Assert.That(TinyModel.Value(method.EffectiveWeight(1)), Is.NaN);
        Assert.That(TinyModel.Value(l3.grad!), Is.EqualTo(6.0 / (2 * 9.0)).Within(Tolerance));
        Assert.Throws<ArgumentException>(() => method.TotalOf(new Tensor?[] { null, null, null }));
        Assert.Throws<ArgumentException>(() => method.TotalOf(new Tensor?[] { l1, l3 }));
    }

    [Test]
    public void A_declared_weight_of_0_leaves_the_loss_out_and_all_0_gives_a_total_of_0()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, new[] { 0.0, 1.0, 1.0 }));
        using var scope = torch.NewDisposeScope();
        var l1 = Leaf(100.0);
        var l2 = Leaf(4.0);
        var l3 = Leaf(9.0);

        var total = method.Combine(new[] { l1, l2, l3 });
        total.backward();
        Assert.That(TinyModel.Value(total), Is.EqualTo(6.0).Within(Tolerance));
        Assert.That(TinyModel.Value(l1.grad!), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(0.0));

        var onlyZero = method.Combine(new[] { l1, null, null });
        Assert.That(TinyModel.Value(onlyZero), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(0.0));
        Assert.That(onlyZero.requires_grad, Is.True, "a total the step can still backpropagate");
    }

    [TestCase(0.0)]
    [TestCase(-3.0)]
    public void A_loss_below_the_floor_counts_as_the_floor_with_weight_0(double value)
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        using var scope = torch.NewDisposeScope();
        var low = Leaf(value);
        var other = Leaf(4.0);

        var total = method.Combine(new[] { low, other });
        total.backward();

        var g = Math.Sqrt(1e-8 * 4.0);
        Assert.That(TinyModel.Value(total), Is.EqualTo(g).Within(1e-15), "√(ε·4), not 0 or NaN");
        Assert.That(TinyModel.Value(low.grad!), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(other.grad!), Is.EqualTo(g / (2 * 4.0)).Within(1e-15));
        Assert.That(double.IsFinite(TinyModel.Value(method.EffectiveWeight(1))), Is.True);
    }

    [Test]
    public void Many_small_losses_do_not_underflow()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        var declared = new double[40];
        Array.Fill(declared, 1.0);
        using var method = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, declared));
        using var scope = torch.NewDisposeScope();
        var losses = new Tensor?[40];
        for (var i = 0; i < losses.Length; i++) losses[i] = torch.tensor(1e-5f, requires_grad: true);

        // The float32 product is 1e-200, 0 in float32; the mean of the logs is not.
        var total = method.Combine(losses);

        Assert.That(TinyModel.Value(total), Is.EqualTo(1e-5).Within(1e-10));
        Assert.That(TinyModel.Value(method.EffectiveWeight(7)), Is.EqualTo(1.0 / 40).Within(1e-6));
    }

    [Test]
    public void An_evaluation_under_no_grad_gives_the_same_total_and_weights()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
        using var scope = torch.NewDisposeScope();

        double evaluated;
        using (torch.no_grad()) evaluated = TinyModel.Value(method.Combine(new[] { torch.tensor(4.0), torch.tensor(9.0) }));

        Assert.That(evaluated, Is.EqualTo(6.0).Within(Tolerance));
        Assert.That(TinyModel.Value(method.EffectiveWeight(1)), Is.EqualTo(6.0 / 18.0).Within(Tolerance));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GeometricLossStrategy(0.0));
        Assert.That(new GeometricLossStrategyAttribute { Floor = 0.5 }.Create(), Is.TypeOf<GeometricLossStrategy>().With.Property("Floor").EqualTo(0.5));
        var bound = (GreaterThanAttribute)typeof(GeometricLossStrategyAttribute).GetProperty(nameof(GeometricLossStrategyAttribute.Floor))!.GetCustomAttributes(typeof(GreaterThanAttribute), false).Single();
        Assert.That(bound.Bound, Is.EqualTo(0.0), "checked where a trainer writes it (ML0045)");
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: 0.01);
        using var method = new GeometricLossStrategy().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 0.5, 2.0 }));

        void Step(bool gated)
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            method.SetGradientsToNone();
            var losses = ThreeLosses(model);
            if (gated) losses[1] = null;
            var total = method.Combine(losses);
            _ = TinyModel.Value(method.EffectiveWeight(0));
            method.Observe(losses);
            method.BeforeBackward(losses);
            total.backward();
            optimizer.step();
            method.AfterOptimizerStep();
        }

        Step(false);
        Step(true);
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 2; i < 200; i++) Step(i % 3 == 0);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }
}
