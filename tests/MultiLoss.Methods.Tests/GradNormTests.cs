using System;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class GradNormTests
{
    private const double Tolerance = 1e-6;
    private const double Alpha = 1.5;
    private const double LearningRate = 0.01;
    private static readonly double[] X1 = { 1.0, 2.0 };
    private static readonly double[] X2 = { 0.5, -1.0 };
    private static readonly double[] Declared = { 1.0, 3.0 };

    /// <summary>One GradNorm step in plain doubles, in the paper's order; the state is updated in place.</summary>
    private sealed class HandGradNorm
    {
        public double[,] W = (double[,])TinyModel.InitialW.Clone();
        public double[] U = (double[])TinyModel.InitialU.Clone();
        public double[] V = (double[])TinyModel.InitialV.Clone();
        // Declared (1, 3) renormalised to sum to T = 2.
        public double[] Weights = { 2 * 1.0 / 4, 2 * 3.0 / 4 };
        public double[]? Initial;

        public double Total, GradientLoss;
        public double[] GradWeights = new double[2];
        public double[] GradW = new double[4];
        public double[] GradU = new double[2];
        public double[] GradV = new double[2];

        public void Step(double[] x)
        {
            var p1 = Hand.Loss(W, U, x, 1.0);
            var p2 = Hand.Loss(W, V, x, 0.0);
            var losses = new[] { p1.Loss, p2.Loss };
            Initial ??= losses;
            var gradsW = new[] { Hand.Flat(p1.GradW), Hand.Flat(p2.GradW) };

            // G_i = ‖∇_W w_i·L_i‖ = w_i·‖∇_W L_i‖ (w_i > 0); Ḡ their mean; r_i = L̃_i / mean L̃; target_i = Ḡ·r_i^α.
            var n = new[] { Hand.Norm(gradsW[0]), Hand.Norm(gradsW[1]) };
            var g = new[] { Weights[0] * n[0], Weights[1] * n[1] };
            var meanG = (g[0] + g[1]) / 2;
            var relative = new[] { losses[0] / Initial[0], losses[1] / Initial[1] };
            var meanRelative = (relative[0] + relative[1]) / 2;
            GradientLoss = 0;
            for (var i = 0; i < 2; i++)
            {
                var target = meanG * Math.Pow(relative[i] / meanRelative, Alpha);
                GradientLoss += Math.Abs(g[i] - target);
                GradWeights[i] = Math.Sign(g[i] - target) * n[i];
            }

            // The model's loss Σ w_i·L_i, weights held constant.
            Total = Weights[0] * losses[0] + Weights[1] * losses[1];
            for (var k = 0; k < 4; k++) GradW[k] = Weights[0] * gradsW[0][k] + Weights[1] * gradsW[1][k];
            for (var k = 0; k < 2; k++)
            {
                GradU[k] = Weights[0] * p1.GradHead[k];
                GradV[k] = Weights[1] * p2.GradHead[k];
            }

            // SGD on everything, then w ← w·T/Σw.
            for (var r = 0; r < 2; r++)
            {
                for (var c = 0; c < 2; c++) W[r, c] -= LearningRate * GradW[r * 2 + c];
            }
            for (var k = 0; k < 2; k++)
            {
                U[k] -= LearningRate * GradU[k];
                V[k] -= LearningRate * GradV[k];
                Weights[k] -= LearningRate * GradWeights[k];
            }
            var sum = Weights[0] + Weights[1];
            Weights = new[] { 2 * Weights[0] / sum, 2 * Weights[1] / sum };
        }
    }

    /// <summary>GradNorm's part of a step, as a generated trainer takes it, with the model's backward and optimizer step.</summary>
    private static void TrainingStep(GradNorm gradNorm, TinyModel model, optim.Optimizer optimizer, double[] x)
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        gradNorm.SetGradientsToNone();
        var losses = new[] { model.Loss(model.U, x, 1.0), model.Loss(model.V, x, 0.0) };
        var total = gradNorm.Combine(losses);
        gradNorm.Observe(losses);
        gradNorm.BeforeBackward(losses);
        total.backward();
        optimizer.step();
        gradNorm.AfterOptimizerStep();
    }

    [Test]
    public void Two_steps_match_the_hand_computation()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(new[] { model.W, model.U, model.V }, LearningRate);
        using var gradNorm = new GradNorm(Alpha).Initialized(Contexts.Of(model, optimizer, Declared));
        var hand = new HandGradNorm();

        Assert.That(TinyModel.Values(gradNorm.Weights), Is.EqualTo(new[] { 0.5, 1.5 }).Within(Tolerance), "declared weights renormalised to sum to 2");
        Assert.That(gradNorm.HasInitialLosses, Is.False);
        Assert.That(gradNorm.InitialLossValue(0), Is.NaN);
        foreach (var x in new[] { X1, X2 })
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            gradNorm.SetGradientsToNone();
            var l1 = model.Loss(model.U, x, 1.0);
            var l2 = model.Loss(model.V, x, 0.0);
            var losses = new[] { l1, l2 };
            var total = gradNorm.Combine(losses);
            var weight0 = TinyModel.Value(gradNorm.EffectiveWeight(0));
            gradNorm.BeforeBackward(losses);
            var weightGradients = TinyModel.Values(gradNorm.Weights.grad!);
            total.backward();
            var gradW = TinyModel.Values(model.W.grad!);
            var gradU = TinyModel.Values(model.U.grad!);
            var gradV = TinyModel.Values(model.V.grad!);
            Assert.That(TinyModel.Values(gradNorm.Weights.grad!), Is.EqualTo(weightGradients), "the model's backward gives the weights no gradient");
            optimizer.step();
            gradNorm.AfterOptimizerStep();

            var expectedWeight0 = hand.Weights[0];
            hand.Step(x);
            var step = x == X1 ? "step 1" : "step 2";
            Assert.That(weight0, Is.EqualTo(expectedWeight0).Within(Tolerance), $"w_1 reported at {step}");
            Assert.That(TinyModel.Value(total), Is.EqualTo(hand.Total).Within(Tolerance), $"total at {step}");
            Assert.That(weightGradients, Is.EqualTo(hand.GradWeights).Within(Tolerance), $"∇_w L_grad at {step}");
            Assert.That(gradW, Is.EqualTo(hand.GradW).Within(Tolerance), $"∇_W at {step}");
            Assert.That(gradU, Is.EqualTo(hand.GradU).Within(Tolerance), $"∇_u at {step}");
            Assert.That(gradV, Is.EqualTo(hand.GradV).Within(Tolerance), $"∇_v at {step}");
            Assert.That(TinyModel.Values(gradNorm.Weights), Is.EqualTo(hand.Weights).Within(Tolerance), $"weights after {step}");
            Assert.That(TinyModel.Value(gradNorm.EffectiveWeight(1)), Is.EqualTo(hand.Weights[1]).Within(Tolerance), $"w_2 reported after {step}");
            Assert.That(TinyModel.Values(model.W), Is.EqualTo(Hand.Flat(hand.W)).Within(Tolerance), $"W after {step}");
            Assert.That(gradNorm.WeightValue(0) + gradNorm.WeightValue(1), Is.EqualTo(2.0).Within(1e-12), "weights sum to T");
        }
        Assert.That(gradNorm.InitialLossValue(0), Is.EqualTo(0.81).Within(Tolerance), "L_1(0) from the first step");
        Assert.That(hand.GradWeights[0], Is.Not.EqualTo(hand.GradWeights[1]), "the hand case is not degenerate");
        Assert.That(optimizer.ParamGroups.Count(), Is.EqualTo(1), "the user's optimizer keeps exactly its own parameter groups");
        Assert.That(optimizer.parameters().Count(), Is.EqualTo(3), "and its own parameters");
    }

    [Test]
    public void Weight_gradient_equals_the_double_backward_formulation()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var gradNorm = new GradNorm(Alpha).Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();
        var first1 = model.Loss(model.U, X1, 1.0);
        var first2 = model.Loss(model.V, X1, 0.0);
        gradNorm.BeforeBackward(new[] { first1, first2 });
        gradNorm.Weights.grad!.zero_();

        var l1 = model.Loss(model.U, X2, 1.0);
        var l2 = model.Loss(model.V, X2, 0.0);
        gradNorm.BeforeBackward(new[] { l1, l2 });

        // Reference: G_i = ‖∇_W (w_i·L_i)‖ through create_graph, L_grad differentiated with respect to a copy of w.
        var w = torch.tensor(new[] { 0.5, 1.5 }, dtype: ScalarType.Float64).requires_grad_();
        var norms = new Tensor[2];
        var losses = new[] { l1, l2 };
        for (var i = 0; i < 2; i++)
        {
            var weighted = w[i].mul(losses[i]);
            var gradient = torch.autograd.grad(new[] { weighted }, new Tensor[] { model.W }, retain_graph: true, create_graph: true)[0];
            norms[i] = gradient.norm();
        }
        var g = torch.stack(norms);
        Tensor target;
        using (torch.no_grad())
        {
            var relative = torch.stack(new[] { l1.div(first1), l2.div(first2) });
            target = relative.div(relative.mean()).pow(Alpha).mul(g.mean());
        }
        var reference = g.sub(target).abs().sum();
        var expected = torch.autograd.grad(new[] { reference }, new[] { w })[0];

        Assert.That(TinyModel.Values(gradNorm.Weights.grad!), Is.EqualTo(TinyModel.Values(expected)).Within(1e-9));
        Assert.That(TinyModel.Values(expected).All(v => Math.Abs(v) > 1e-3), Is.True, "the reference is not degenerate");
    }

    [Test]
    public void BeforeBackward_leaves_the_shared_parameters_gradients_as_they_were()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var gradNorm = new GradNorm(Alpha).Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        gradNorm.BeforeBackward(new[] { model.Loss(model.U, X1, 1.0), model.Loss(model.V, X1, 0.0) });
        Assert.That(model.W.grad, Is.Null, "no gradient before, none after");
        Assert.That(model.U.grad, Is.Null, "the heads are not touched");

        model.W.grad = torch.tensor(new[] { 1.0, 2.0, 3.0, 4.0 }, new long[] { 2, 2 }, dtype: ScalarType.Float64);
        gradNorm.BeforeBackward(new[] { model.Loss(model.U, X2, 1.0), model.Loss(model.V, X2, 0.0) });
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(new[] { 1.0, 2.0, 3.0, 4.0 }));
    }

    [Test]
    public void BeforeBackward_needs_every_loss()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var gradNorm = new GradNorm(Alpha).Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        Assert.Throws<ArgumentException>(() => gradNorm.BeforeBackward(new[] { model.Loss(model.U, X1, 1.0), null }));
        Assert.That(gradNorm.HasInitialLosses, Is.False, "a rejected step records nothing");
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradNorm(-1.0));
    }

    [Test]
    public void The_shared_layer_can_be_a_module()
    {
        using var layer = torch.nn.Linear(2, 2, hasBias: true, dtype: ScalarType.Float64);
        using var optimizer = torch.optim.SGD(layer.parameters(), LearningRate);
        using var gradNorm = new GradNorm().Initialized(Contexts.Of(layer, optimizer, new[] { 1.0, 1.0, 2.0 }, sharedLayer: layer));
        Assert.That(TinyModel.Values(gradNorm.Weights), Is.EqualTo(new[] { 0.75, 0.75, 1.5 }).Within(Tolerance));
        Assert.That(gradNorm.Weights.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(gradNorm.Alpha, Is.EqualTo(1.5), "the default asymmetry");
        using var allZero = new GradNorm();
        Assert.Throws<ArgumentException>(() => allZero.Initialize(Contexts.Of(layer, optimizer, new[] { 0.0, 0.0 }, sharedLayer: layer)));
        Assert.That(allZero.IsInitialized, Is.False, "a failed initialization leaves the method uninitialized");
    }

    [Test]
    public void State_round_trip_through_trainer_state_bytes_resumes_the_weights_and_initial_losses()
    {
        var inputs = new[] { X1, X2, new[] { -1.0, 0.5 }, new[] { 2.0, 1.0 }, new[] { 1.0, -0.5 }, new[] { 0.3, 0.7 } };

        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: LearningRate);
        using var gradNorm = new GradNorm(Alpha).Initialized(Contexts.Of(model, optimizer, Declared));
        for (var step = 0; step < 6; step++) TrainingStep(gradNorm, model, optimizer, inputs[step]);

        using var firstModel = new TinyModel();
        TrainerState saved;
        byte[] optimizerBytes;
        {
            using var firstOptimizer = torch.optim.Adam(firstModel.All, lr: LearningRate);
            using var first = new GradNorm(Alpha).Initialized(Contexts.Of(firstModel, firstOptimizer, Declared));
            for (var step = 0; step < 3; step++) TrainingStep(first, firstModel, firstOptimizer, inputs[step]);
            saved = Contexts.SaveThroughBytes(first);
            optimizerBytes = Contexts.OptimizerBytes(firstOptimizer);
        }
        using var resumedModel = new TinyModel();
        resumedModel.CopyFrom(firstModel);
        using var resumedOptimizer = torch.optim.Adam(resumedModel.All, lr: LearningRate);
        Contexts.LoadOptimizer(resumedOptimizer, optimizerBytes);
        using var resumed = new GradNorm(Alpha).Initialized(Contexts.Of(resumedModel, resumedOptimizer, Declared));
        resumed.RestoreState(new MethodState("Weighting.", saved));
        Assert.That(resumed.HasInitialLosses, Is.True);
        Assert.That(resumed.InitialLossValue(0), Is.EqualTo(0.81).Within(Tolerance), "L_1(0) of the first run");
        for (var step = 3; step < 6; step++) TrainingStep(resumed, resumedModel, resumedOptimizer, inputs[step]);

        Assert.That(TinyModel.Values(resumed.Weights), Is.EqualTo(TinyModel.Values(gradNorm.Weights)).Within(1e-6));
        Assert.That(TinyModel.Values(resumedModel.W), Is.EqualTo(TinyModel.Values(model.W)).Within(1e-6));
        Assert.That(Math.Abs(gradNorm.WeightValue(0) - 0.5), Is.GreaterThan(1e-3), "the weights moved");
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(new[] { model.W, model.U, model.V }, lr: 0.001);
        using var gradNorm = new GradNorm(Alpha).Initialized(Contexts.Of(model, optimizer, Declared));

        void Step(int step)
        {
            TrainingStep(gradNorm, model, optimizer, step % 2 == 0 ? X1 : X2);
            _ = gradNorm.WeightValue(1);
        }

        Step(0);
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var step = 1; step < 200; step++) Step(step);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
        Assert.That(TinyModel.Values(gradNorm.Weights).Sum(), Is.EqualTo(2.0).Within(1e-9));
    }
}
