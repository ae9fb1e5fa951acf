using System;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class ScaleInvariantLogLossTests
{
    private const double Tolerance = 1e-9;
    private static readonly double[] X = { 1.0, 2.0 };
    private static readonly double[] Declared = { 1.0, 0.5 };

    private static Tensor Leaf(double value) => torch.tensor(value, dtype: ScalarType.Float64, requires_grad: true);

    [Test]
    public void Total_effective_weights_and_gradients_match_the_hand_computation()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ScaleInvariantLogLoss().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        var total = method.Combine(new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0) });
        var weight1 = TinyModel.Value(method.EffectiveWeight(0));
        var weight2 = TinyModel.Value(method.EffectiveWeight(1));
        total.backward();

        // By hand: L1 = 0.81, L2 = 1.69; total = 1·log L1 + 0.5·log L2; ∂total/∂L_i = w_i/L_i.
        var p1 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0);
        var p2 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, X, 0.0);
        var c1 = Declared[0] / p1.Loss;
        var c2 = Declared[1] / p2.Loss;
        var flat1 = Hand.Flat(p1.GradW);
        var flat2 = Hand.Flat(p2.GradW);
        var expectedGradW = new double[4];
        for (var k = 0; k < 4; k++) expectedGradW[k] = c1 * flat1[k] + c2 * flat2[k];

        Assert.That(TinyModel.Value(total), Is.EqualTo(Math.Log(0.81) + 0.5 * Math.Log(1.69)).Within(Tolerance));
        Assert.That(weight1, Is.EqualTo(1 / 0.81).Within(Tolerance));
        Assert.That(weight2, Is.EqualTo(0.5 / 1.69).Within(Tolerance));
        Assert.That(method.EffectiveWeight(0).requires_grad, Is.False, "a reported weight carries no graph");
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(expectedGradW).Within(Tolerance));
        Assert.That(TinyModel.Values(model.U.grad!), Is.EqualTo(new[] { c1 * p1.GradHead[0], c1 * p1.GradHead[1] }).Within(Tolerance));
        Assert.That(TinyModel.Values(model.V.grad!), Is.EqualTo(new[] { c2 * p2.GradHead[0], c2 * p2.GradHead[1] }).Within(Tolerance));
    }

    [Test]
    public void Scaling_a_loss_adds_a_constant_and_leaves_the_gradient()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ScaleInvariantLogLoss().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        var plain = method.Combine(new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0) });
        plain.backward();
        var plainGradient = TinyModel.Values(model.W.grad!);
        model.W.grad = null;
        var scaled = method.Combine(new[] { model.Loss(model.U, X, 1.0).mul(1000.0), model.Loss(model.V, X, 0.0) });
        scaled.backward();

        Assert.That(TinyModel.Value(scaled) - TinyModel.Value(plain), Is.EqualTo(Math.Log(1000.0)).Within(1e-9));
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(plainGradient).Within(1e-9));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(1 / 810.0).Within(1e-12), "the weight falls as the loss grows");
    }

    [TestCase(0.0)]
    [TestCase(-2.0)]
    [TestCase(1e-9)]
    public void A_loss_below_the_floor_counts_as_the_floor_with_weight_0(double value)
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ScaleInvariantLogLoss().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();
        var low = Leaf(value);
        var other = Leaf(4.0);

        var total = method.Combine(new[] { low, other });
        total.backward();

        Assert.That(TinyModel.Value(total), Is.EqualTo(Math.Log(1e-8) + 0.5 * Math.Log(4.0)).Within(1e-9), "log ε, not −∞ or NaN");
        Assert.That(TinyModel.Value(low.grad!), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(other.grad!), Is.EqualTo(0.5 / 4.0).Within(1e-12));
        Assert.That(TinyModel.Value(method.EffectiveWeight(1)), Is.EqualTo(0.5 / 4.0).Within(1e-12));
    }

    [Test]
    public void A_loss_at_the_floor_still_trains_and_the_floor_is_a_hyperparameter()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ScaleInvariantLogLoss(floor: 0.5).Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();
        var atFloor = Leaf(0.5);
        var below = Leaf(0.3);

        var total = method.Combine(new[] { atFloor, below });
        total.backward();

        Assert.That(TinyModel.Value(total), Is.EqualTo(1.5 * Math.Log(0.5)).Within(1e-12));
        Assert.That(TinyModel.Value(atFloor.grad!), Is.EqualTo(2.0).Within(1e-12), "the gradient passes at ε itself");
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(2.0).Within(1e-12));
        Assert.That(TinyModel.Value(below.grad!), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(method.EffectiveWeight(1)), Is.EqualTo(0.0));
        Assert.That(new ScaleInvariantLogLossAttribute { Floor = 0.25 }.Create(), Is.TypeOf<ScaleInvariantLogLoss>().With.Property("Floor").EqualTo(0.25));
        var bound = (GreaterThanAttribute)typeof(ScaleInvariantLogLossAttribute).GetProperty(nameof(ScaleInvariantLogLossAttribute.Floor))!.GetCustomAttributes(typeof(GreaterThanAttribute), false).Single();
        Assert.That(bound.Bound, Is.EqualTo(0.0), "checked where a trainer writes it (ML0045)");
    }

    [Test]
    public void A_loss_that_is_not_active_has_no_term_and_no_weight()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ScaleInvariantLogLoss().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.NaN, "no weight before the first Combine");
        var total = method.Combine(new[] { null, model.Loss(model.V, X, 0.0) });
        total.backward();

        Assert.That(TinyModel.Value(total), Is.EqualTo(0.5 * Math.Log(1.69)).Within(Tolerance));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.NaN);
        Assert.That(model.U.grad, Is.Null);
        Assert.Throws<ArgumentException>(() => method.TotalOf(new Tensor?[] { null, null }));
        Assert.Throws<ArgumentException>(() => method.TotalOf(new[] { model.Loss(model.U, X, 1.0) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => method.EffectiveWeight(2));
    }

    [Test]
    public void An_evaluation_under_no_grad_gives_the_same_total_and_weights()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ScaleInvariantLogLoss().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        double evaluated;
        using (torch.no_grad()) evaluated = TinyModel.Value(method.Combine(new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0) }));

        Assert.That(evaluated, Is.EqualTo(Math.Log(0.81) + 0.5 * Math.Log(1.69)).Within(Tolerance));
        Assert.That(TinyModel.Value(method.EffectiveWeight(1)), Is.EqualTo(0.5 / 1.69).Within(Tolerance));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void A_floor_that_is_not_a_positive_number_is_rejected(double floor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ScaleInvariantLogLoss(floor));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: 0.01);
        using var method = new ScaleInvariantLogLoss().Initialized(Contexts.Of(model, optimizer, Declared));

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            method.SetGradientsToNone();
            var losses = new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0) };
            var total = method.Combine(losses);
            _ = TinyModel.Value(method.EffectiveWeight(0));
            method.Observe(losses);
            method.BeforeBackward(losses);
            total.backward();
            optimizer.step();
            method.AfterOptimizerStep();
        }

        Step();
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 1; i < 200; i++) Step();

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }
}
