using System;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting.Tests;

[TestFixture]
public sealed class UncertaintyWeightingTests
{
    private const double Tolerance = 1e-6;
    private static readonly double[] X = { 1.0, 2.0 };
    private static readonly double[] Declared = { 1.0, 0.5 };
    private static readonly double[] S = { 0.3, -0.2 };

    private static void SetLogVariances(UncertaintyWeighting weighting, double[] values)
    {
        using var _ = torch.no_grad();
        using var source = torch.tensor(values, dtype: ScalarType.Float64);
        weighting.LogVariances.copy_(source);
    }

    [Test]
    public void Total_effective_weights_and_gradients_match_the_hand_computation()
    {
        using var model = new TinyModel();
        using var weighting = new UncertaintyWeighting(Declared);
        weighting.Initialize(model.W.device, ScalarType.Float64);
        SetLogVariances(weighting, S);

        using var scope = torch.NewDisposeScope();
        var l1 = model.Loss(model.U, X, 1.0);
        var l2 = model.Loss(model.V, X, 0.0);
        var sum = new LossSum();
        weighting.AddTo(ref sum, 0, l1, out var weight1);
        weighting.AddTo(ref sum, 1, l2, out var weight2);
        var total = sum.Total;
        total.backward();

        // By hand: L1 = (u·Wx − 1)², L2 = (v·Wx)²; total = Σ ½·e^(−s_i)·w_i·L_i + ½·s_i.
        var p1 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0);
        var p2 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, X, 0.0);
        Assert.That(p1.Loss, Is.EqualTo(0.81).Within(1e-12), "hand L1: u·Wx = 1.9");
        Assert.That(p2.Loss, Is.EqualTo(1.69).Within(1e-12), "hand L2: v·Wx = −1.3");
        var c1 = 0.5 * Math.Exp(-S[0]) * Declared[0];
        var c2 = 0.5 * Math.Exp(-S[1]) * Declared[1];
        var expectedTotal = c1 * p1.Loss + 0.5 * S[0] + c2 * p2.Loss + 0.5 * S[1];
        var expectedGradS = new[] { -c1 * p1.Loss + 0.5, -c2 * p2.Loss + 0.5 };
        var expectedGradW = new double[4];
        var flat1 = Hand.Flat(p1.GradW);
        var flat2 = Hand.Flat(p2.GradW);
        for (var k = 0; k < 4; k++) expectedGradW[k] = c1 * flat1[k] + c2 * flat2[k];

        Assert.That(TinyModel.Value(total), Is.EqualTo(expectedTotal).Within(Tolerance));
        Assert.That(TinyModel.Value(weight1), Is.EqualTo(c1).Within(Tolerance));
        Assert.That(TinyModel.Value(weight2), Is.EqualTo(c2).Within(Tolerance));
        Assert.That(TinyModel.Value(weighting.EffectiveWeight(0)), Is.EqualTo(c1).Within(Tolerance));
        Assert.That(weighting.EffectiveWeightValue(1), Is.EqualTo(c2).Within(Tolerance));
        Assert.That(weighting.LogVarianceValue(1), Is.EqualTo(S[1]).Within(Tolerance));
        Assert.That(TinyModel.Values(weighting.LogVariances.grad!), Is.EqualTo(expectedGradS).Within(Tolerance));
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(expectedGradW).Within(Tolerance));
        Assert.That(TinyModel.Values(model.U.grad!), Is.EqualTo(new[] { c1 * p1.GradHead[0], c1 * p1.GradHead[1] }).Within(Tolerance));
        Assert.That(TinyModel.Values(model.V.grad!), Is.EqualTo(new[] { c2 * p2.GradHead[0], c2 * p2.GradHead[1] }).Within(Tolerance));
    }

    [Test]
    public void Total_equals_the_sum_of_the_terms()
    {
        using var model = new TinyModel();
        using var weighting = new UncertaintyWeighting(Declared);
        using var scope = torch.NewDisposeScope();
        var l1 = model.Loss(model.U, X, 1.0);
        var l2 = model.Loss(model.V, X, 0.0);

        var total = weighting.Total(l1, l2);

        // s starts at 0: ½·w_i·L_i each, and the log-variances were created on the loss's dtype.
        Assert.That(weighting.LogVariances.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(TinyModel.Value(total), Is.EqualTo(0.5 * 1.0 * 0.81 + 0.5 * 0.5 * 1.69).Within(Tolerance));
    }

    [Test]
    public void Attached_log_variances_are_stepped_by_the_users_Adam()
    {
        const double learningRate = 0.05;
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: learningRate);
        using var weighting = new UncertaintyWeighting(Declared);

        weighting.Attach(optimizer);

        Assert.That(weighting.LogVariances.dtype, Is.EqualTo(ScalarType.Float64), "created like the optimizer's first parameter");
        Assert.That(weighting.LogVariances.device.type, Is.EqualTo(model.W.device.type));
        Assert.That(TinyModel.Values(weighting.LogVariances), Is.EqualTo(new[] { 0.0, 0.0 }));
        var values = new double[5][];
        for (var step = 0; step < 5; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var total = weighting.Total(model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0));
            total.backward();
            optimizer.step();
            values[step] = TinyModel.Values(weighting.LogVariances);
        }

        // Adam's first step moves each s_i by lr·g/(|g| + ε) ≈ lr against its gradient ½ − ½·w_i·L_i: with the default
        // learning rate of the group, which shows the optimizer fills in its defaults. w_1·L_1 = 0.81 < 1 (s_1 falls),
        // w_2·L_2 = 0.845 < 1 (s_2 falls).
        Assert.That(values[0][0], Is.EqualTo(-learningRate).Within(1e-6));
        Assert.That(values[0][1], Is.EqualTo(-learningRate).Within(1e-6));
        Assert.That(values[4][0], Is.LessThan(values[0][0] - 0.1), "s_1 keeps moving");
        Assert.That(values[4][1], Is.LessThan(values[0][1] - 0.1), "s_2 keeps moving");

        using var __ = torch.NewDisposeScope();
        optimizer.zero_grad();
        Assert.That(weighting.LogVariances.grad is null || TinyModel.Values(weighting.LogVariances.grad).All(v => v == 0), Is.True,
            "the optimizer's zero_grad clears the log-variances' gradient too");
    }

    private static readonly string[] ManagedOptimizers =
        { "SGD", "Adam", "AdamW", "Adamax", "Adadelta", "Adagrad", "ASGD", "NAdam", "RAdam", "RMSProp", "Rprop" };

    private static optim.Optimizer CreateOptimizer(string name, TorchSharp.Modules.Parameter[] parameters) => name switch
    {
        "SGD" => torch.optim.SGD(parameters, 0.01),
        "Adam" => torch.optim.Adam(parameters),
        "AdamW" => torch.optim.AdamW(parameters),
        "Adamax" => torch.optim.Adamax(parameters, 0.01),
        "Adadelta" => torch.optim.Adadelta(parameters, 1.0),
        "Adagrad" => torch.optim.Adagrad(parameters),
        "ASGD" => torch.optim.ASGD(parameters),
        "NAdam" => torch.optim.NAdam(parameters, 0.01),
        "RAdam" => torch.optim.RAdam(parameters, 0.01),
        "RMSProp" => torch.optim.RMSProp(parameters),
        "Rprop" => torch.optim.Rprop(parameters),
        _ => throw new ArgumentException(name),
    };

    [TestCaseSource(nameof(ManagedOptimizers))]
    public void Every_managed_optimizer_steps_the_attached_log_variances(string name)
    {
        using var model = new TinyModel();
        using var optimizer = CreateOptimizer(name, model.All);
        using var weighting = new UncertaintyWeighting(Declared);
        weighting.Attach(optimizer);
        using var scope = torch.NewDisposeScope();

        weighting.Total(model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0)).backward();
        optimizer.step();

        var s = TinyModel.Values(weighting.LogVariances);
        Assert.That(s[0], Is.Not.EqualTo(0.0));
        Assert.That(s[1], Is.Not.EqualTo(0.0));
    }

    [Test]
    public void Attaching_twice_or_to_LBFGS_throws()
    {
        using var model = new TinyModel();
        using var sgd = torch.optim.SGD(model.All, 0.1);
        using var weighting = new UncertaintyWeighting(Declared);
        weighting.Attach(sgd);

        Assert.Throws<InvalidOperationException>(() => weighting.Attach(sgd));
        using var lbfgs = torch.optim.LBFGS(model.All);
        Assert.Throws<NotSupportedException>(() => weighting.Attach(lbfgs));
    }

    [Test]
    public void Declared_weights_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new UncertaintyWeighting(1.0, -0.5));
        Assert.Throws<ArgumentException>(() => new UncertaintyWeighting(double.NaN));
        Assert.Throws<ArgumentException>(() => new UncertaintyWeighting(ReadOnlySpan<double>.Empty));
    }

    [Test]
    public void A_zero_declared_weight_gives_a_zero_effective_weight_and_a_finite_term()
    {
        using var model = new TinyModel();
        using var weighting = new UncertaintyWeighting(0.0, 1.0);
        using var scope = torch.NewDisposeScope();

        var term = weighting.Term(0, model.Loss(model.U, X, 1.0), out var weight);

        Assert.That(TinyModel.Value(weight), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(term), Is.EqualTo(0.0));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: 0.01);
        using var weighting = new UncertaintyWeighting(Declared);
        weighting.Attach(optimizer);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var sum = new LossSum();
            weighting.AddTo(ref sum, 0, model.Loss(model.U, X, 1.0), out var weight);
            weighting.AddTo(ref sum, 1, model.Loss(model.V, X, 0.0));
            sum.Total.backward();
            optimizer.step();
            _ = weighting.EffectiveWeightValue(0);
        }

        Step();
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 1; i < 200; i++) Step();

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }
}
