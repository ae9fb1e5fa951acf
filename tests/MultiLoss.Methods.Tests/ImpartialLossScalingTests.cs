using System;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class ImpartialLossScalingTests
{
    private const double Tolerance = 1e-9;
    private static readonly double[] X = { 1.0, 2.0 };
    private static readonly double[] Declared = { 1.0, 0.5 };
    private static readonly double[] S = { 0.3, -0.2 };

    private static void SetScales(ImpartialLossScaling method, double[] values)
    {
        using var _ = torch.no_grad();
        using var source = torch.tensor(values, dtype: ScalarType.Float64);
        method.LossScales.copy_(source);
    }

    private static Tensor Total(ImpartialLossScaling method, TinyModel model, double[] x)
        => method.Combine(new[] { model.Loss(model.U, x, 1.0), model.Loss(model.V, x, 0.0) });

    private static void TrainingStep(ImpartialLossScaling method, TinyModel model, optim.Optimizer optimizer, double[] x)
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        method.SetGradientsToNone();
        var losses = new[] { model.Loss(model.U, x, 1.0), model.Loss(model.V, x, 0.0) };
        var total = method.Combine(losses);
        method.Observe(losses);
        method.BeforeBackward(losses);
        total.backward();
        optimizer.step();
        method.AfterOptimizerStep();
    }

    [Test]
    public void Total_effective_weights_and_gradients_match_the_hand_computation()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ImpartialLossScaling().Initialized(Contexts.Of(model, optimizer, Declared));
        SetScales(method, S);
        using var scope = torch.NewDisposeScope();

        var total = Total(method, model, X);
        var weight1 = method.EffectiveWeight(0);
        var weight2 = method.EffectiveWeight(1);
        total.backward();

        // By hand: total = Σ w_i·(e^(s_i)·L_i − s_i); ∂/∂s_i = w_i·(e^(s_i)·L_i − 1); ∂/∂L_i = w_i·e^(s_i).
        var p1 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0);
        var p2 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, X, 0.0);
        var c1 = Declared[0] * Math.Exp(S[0]);
        var c2 = Declared[1] * Math.Exp(S[1]);
        var expectedTotal = Declared[0] * (Math.Exp(S[0]) * p1.Loss - S[0]) + Declared[1] * (Math.Exp(S[1]) * p2.Loss - S[1]);
        var expectedGradS = new[] { Declared[0] * (Math.Exp(S[0]) * p1.Loss - 1), Declared[1] * (Math.Exp(S[1]) * p2.Loss - 1) };
        var flat1 = Hand.Flat(p1.GradW);
        var flat2 = Hand.Flat(p2.GradW);
        var expectedGradW = new double[4];
        for (var k = 0; k < 4; k++) expectedGradW[k] = c1 * flat1[k] + c2 * flat2[k];

        Assert.That(TinyModel.Value(total), Is.EqualTo(expectedTotal).Within(Tolerance));
        Assert.That(TinyModel.Value(weight1), Is.EqualTo(c1).Within(Tolerance));
        Assert.That(TinyModel.Value(weight2), Is.EqualTo(c2).Within(Tolerance));
        Assert.That(weight1.requires_grad, Is.False, "a reported weight carries no graph");
        Assert.That(TinyModel.Values(method.LossScales.grad!), Is.EqualTo(expectedGradS).Within(Tolerance));
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(expectedGradW).Within(Tolerance));
        Assert.That(TinyModel.Values(model.V.grad!), Is.EqualTo(new[] { c2 * p2.GradHead[0], c2 * p2.GradHead[1] }).Within(Tolerance));
    }

    [Test]
    public void The_scales_drive_each_scaled_loss_to_1()
    {
        // Losses of very different scales, held fixed: gradient descent on s alone reaches e^(s_i)·L_i = 1, whatever w_i.
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.2);
        using var method = new ImpartialLossScaling().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 2.0, 0.5 }));
        var values = new[] { 40.0, 0.02, 3.0 };
        for (var step = 0; step < 3000; step++)
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            method.SetGradientsToNone();
            var losses = values.Select(v => (Tensor?)torch.tensor(v, dtype: ScalarType.Float64)).ToArray();
            method.Combine(losses).backward();
            optimizer.step();
            method.AfterOptimizerStep();
        }

        var s = TinyModel.Values(method.LossScales);
        for (var i = 0; i < 3; i++) Assert.That(Math.Exp(s[i]) * values[i], Is.EqualTo(1.0).Within(1e-6), $"e^(s_{i})·L_{i}");
        using var scope2 = torch.NewDisposeScope();
        // Outside a step, the weight is computed from the current s: w_i/L_i at the balance point.
        Assert.That(TinyModel.Value(method.EffectiveWeight(1)), Is.EqualTo(2.0 / 0.02).Within(1e-3));
    }

    [Test]
    public void A_loss_that_is_not_active_has_no_term_and_its_scale_no_gradient()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ImpartialLossScaling().Initialized(Contexts.Of(model, optimizer, Declared));
        SetScales(method, S);
        using var scope = torch.NewDisposeScope();

        var total = method.Combine(new[] { null, model.Loss(model.V, X, 0.0) });
        total.backward();

        Assert.That(TinyModel.Value(total), Is.EqualTo(Declared[1] * (Math.Exp(S[1]) * 1.69 - S[1])).Within(Tolerance));
        Assert.That(TinyModel.Values(method.LossScales.grad!)[0], Is.EqualTo(0.0));
        Assert.That(model.U.grad, Is.Null);
        Assert.Throws<ArgumentException>(() => method.TotalOf(new Tensor?[] { null, null }));
        Assert.Throws<ArgumentException>(() => method.TotalOf(new[] { model.Loss(model.U, X, 1.0) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => method.EffectiveWeight(2));
    }

    [Test]
    public void A_declared_weight_of_0_leaves_the_loss_and_its_scale_out()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var method = new ImpartialLossScaling().Initialized(Contexts.Of(model, optimizer, new[] { 0.0, 1.0 }));
        using var scope = torch.NewDisposeScope();

        var total = Total(method, model, X);
        total.backward();

        Assert.That(TinyModel.Value(total), Is.EqualTo(1.69).Within(Tolerance));
        Assert.That(TinyModel.Values(method.LossScales.grad!)[0], Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(0.0));
    }

    [Test]
    public void Scales_are_stepped_after_the_optimizer_step_with_the_users_Adam_options()
    {
        const double learningRate = 0.05;
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: learningRate);
        using var method = new ImpartialLossScaling().Initialized(Contexts.Of(model, optimizer, Declared));

        Assert.That(method.LossScales.dtype, Is.EqualTo(ScalarType.Float64), "created like the first shared parameter");
        Assert.That(method.LearnableParameters, Has.Count.EqualTo(1));
        Assert.That(optimizer.parameters().Count(), Is.EqualTo(4), "the user's optimizer keeps its own parameters");
        TrainingStep(method, model, optimizer, X);

        // Adam's first step moves each s_i by lr against the sign of w_i·(L_i − 1) at s = 0: L_1 = 0.81 < 1 (s_1 rises),
        // L_2 = 1.69 > 1 (s_2 falls).
        var s = TinyModel.Values(method.LossScales);
        Assert.That(s[0], Is.EqualTo(learningRate).Within(1e-6));
        Assert.That(s[1], Is.EqualTo(-learningRate).Within(1e-6));
        method.SetGradientsToNone();
        Assert.That(method.LossScales.grad, Is.Null);
    }

    [Test]
    public void A_state_restored_into_a_fresh_method_continues_as_the_run_that_never_stopped()
    {
        const double learningRate = 0.05;
        var inputs = new[] { new[] { 1.0, 2.0 }, new[] { 0.5, -1.0 }, new[] { -1.0, 0.5 }, new[] { 2.0, 1.0 }, new[] { 1.0, -0.5 }, new[] { 0.3, 0.7 } };
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: learningRate);
        using var method = new ImpartialLossScaling().Initialized(Contexts.Of(model, optimizer, Declared));
        for (var step = 0; step < 6; step++) TrainingStep(method, model, optimizer, inputs[step]);

        TrainerState saved;
        byte[] optimizerBytes;
        using var firstModel = new TinyModel();
        using (var firstOptimizer = torch.optim.Adam(firstModel.All, lr: learningRate))
        using (var first = new ImpartialLossScaling().Initialized(Contexts.Of(firstModel, firstOptimizer, Declared)))
        {
            for (var step = 0; step < 3; step++) TrainingStep(first, firstModel, firstOptimizer, inputs[step]);
            saved = Contexts.SaveThroughBytes(first);
            optimizerBytes = Contexts.OptimizerBytes(firstOptimizer);
        }
        Assert.That(saved.Values.Keys, Does.Contain("Weighting.LossScales"));
        Assert.That(saved.Blobs.Keys, Does.Contain("Weighting.Optimizer"));

        using var resumedModel = new TinyModel();
        resumedModel.CopyFrom(firstModel);
        using var resumedOptimizer = torch.optim.Adam(resumedModel.All, lr: learningRate);
        Contexts.LoadOptimizer(resumedOptimizer, optimizerBytes);
        using var resumed = new ImpartialLossScaling().Initialized(Contexts.Of(resumedModel, resumedOptimizer, Declared));
        resumed.RestoreState(new MethodState("Weighting.", saved));
        for (var step = 3; step < 6; step++) TrainingStep(resumed, resumedModel, resumedOptimizer, inputs[step]);

        Assert.That(TinyModel.Values(resumed.LossScales), Is.EqualTo(TinyModel.Values(method.LossScales)).Within(1e-9));
        Assert.That(TinyModel.Values(resumedModel.W), Is.EqualTo(TinyModel.Values(model.W)).Within(1e-9));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: 0.01);
        using var method = new ImpartialLossScaling().Initialized(Contexts.Of(model, optimizer, Declared));

        void Step()
        {
            TrainingStep(method, model, optimizer, X);
            using var scope = torch.NewDisposeScope();
            _ = TinyModel.Value(method.EffectiveWeight(0));
        }

        Step();
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 1; i < 200; i++) Step();

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }
}
