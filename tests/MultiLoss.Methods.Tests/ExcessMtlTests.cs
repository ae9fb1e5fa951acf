using System;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class ExcessMtlTests
{
    private const double LearningRate = 0.1;
    private static readonly double[] Declared = { 1.0, 0.5 };
    private static readonly double[][] Inputs = { new[] { 1.0, 2.0 }, new[] { 0.5, -1.0 }, new[] { -1.0, 0.5 }, new[] { 2.0, 1.0 }, new[] { 1.0, -0.5 }, new[] { 0.3, 0.7 } };

    private static Tensor?[] Losses(TinyModel model, double[] x) => new[] { model.Loss(model.U, x, 1.0), model.Loss(model.V, x, 0.0) };

    /// <summary>A training step as a generated trainer takes it; returns the weights the step reported.</summary>
    private static double[] TrainingStep(ExcessMtl method, TinyModel model, optim.Optimizer optimizer, double[] x)
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        method.SetGradientsToNone();
        var losses = Losses(model, x);
        var total = method.Combine(losses);
        var reported = new[] { TinyModel.Value(method.EffectiveWeight(0)), TinyModel.Value(method.EffectiveWeight(1)) };
        method.Observe(losses);
        method.BeforeBackward(losses);
        total.backward();
        optimizer.step();
        method.AfterOptimizerStep();
        return reported;
    }

    [Test]
    public void Weights_and_parameters_match_the_hand_computation_over_six_steps()
    {
        const double stepSize = 0.5;
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var method = new ExcessMtl(stepSize).Initialized(Contexts.Of(model, optimizer, Declared));

        // The same run in doubles, from the paper: S_i += g_i², e_i = Σ g_i²/√(S_i + 1e-7), r_i = e_i/e_i(1),
        // α ← K·softmax(log α + η·r) from the second step on; the step's total is Σ α_i·w_i·L_i with the α of the step before.
        var w = (double[,])TinyModel.InitialW.Clone();
        var u = (double[])TinyModel.InitialU.Clone();
        var v = (double[])TinyModel.InitialV.Clone();
        var alpha = new[] { 1.0, 1.0 };
        var squares = new double[2][] { new double[4], new double[4] };
        double[]? baseline = null;

        for (var step = 0; step < Inputs.Length; step++)
        {
            var x = Inputs[step];
            var reported = TrainingStep(method, model, optimizer, x);

            var parts = new[] { Hand.Loss(w, u, x, 1.0), Hand.Loss(w, v, x, 0.0) };
            var coefficients = new[] { alpha[0] * Declared[0], alpha[1] * Declared[1] };
            Assert.That(reported, Is.EqualTo(coefficients).Within(1e-9), $"the weights step {step} used");
            var risks = new double[2];
            for (var i = 0; i < 2; i++)
            {
                var g = Hand.Flat(parts[i].GradW);
                for (var k = 0; k < 4; k++)
                {
                    squares[i][k] += g[k] * g[k];
                    risks[i] += g[k] * g[k] / Math.Sqrt(squares[i][k] + 1e-7);
                }
            }
            if (baseline is null)
            {
                baseline = risks;
            }
            else
            {
                var logits = new[] { Math.Log(alpha[0]) + stepSize * risks[0] / baseline[0], Math.Log(alpha[1]) + stepSize * risks[1] / baseline[1] };
                var max = logits.Max();
                var sum = logits.Sum(l => Math.Exp(l - max));
                alpha = logits.Select(l => 2 * Math.Exp(l - max) / sum).ToArray();
            }

            // SGD on Σ c_i·L_i.
            var gradW = new double[2, 2];
            for (var r = 0; r < 2; r++)
            {
                for (var c = 0; c < 2; c++) gradW[r, c] = coefficients[0] * parts[0].GradW[r, c] + coefficients[1] * parts[1].GradW[r, c];
            }
            for (var r = 0; r < 2; r++)
            {
                for (var c = 0; c < 2; c++) w[r, c] -= LearningRate * gradW[r, c];
                u[r] -= LearningRate * coefficients[0] * parts[0].GradHead[r];
                v[r] -= LearningRate * coefficients[1] * parts[1].GradHead[r];
            }

            using var current = method.Alpha();
            Assert.That(TinyModel.Values(current), Is.EqualTo(alpha).Within(1e-9), $"α after step {step}");
        }

        Assert.That(TinyModel.Values(model.W), Is.EqualTo(Hand.Flat(w)).Within(1e-9));
        Assert.That(TinyModel.Values(model.U), Is.EqualTo(u).Within(1e-9));
        Assert.That(TinyModel.Values(model.V), Is.EqualTo(v).Within(1e-9));
        Assert.That(Math.Abs(alpha[0] - alpha[1]), Is.GreaterThan(0.05), "the case is not degenerate: the weights moved apart");
        Assert.That(alpha.Sum(), Is.EqualTo(2.0).Within(1e-12));
    }

    [Test]
    public void BeforeBackward_leaves_the_shared_gradients_as_they_were()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var method = new ExcessMtl().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad()) model.W.grad = torch.full(new long[] { 2, 2 }, 7.0, dtype: ScalarType.Float64);

        var losses = Losses(model, Inputs[0]);
        var total = method.Combine(losses);
        method.BeforeBackward(losses);

        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(new[] { 7.0, 7.0, 7.0, 7.0 }));
        Assert.That(model.U.grad, Is.Null);
        total.backward();
        var p1 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, Inputs[0], 1.0);
        var p2 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, Inputs[0], 0.0);
        var expected = Hand.Flat(p1.GradW).Zip(Hand.Flat(p2.GradW), (a, b) => 7.0 + a + 0.5 * b).ToArray();
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(expected).Within(1e-9), "the graph was kept for the total's backward");
        Assert.That(method.HasBaseline, Is.True);
    }

    [Test]
    public void A_loss_that_never_reaches_the_shared_parameters_keeps_a_ratio_of_0()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var method = new ExcessMtl(stepSize: 1.0).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));

        for (var step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            // Loss 1 depends on the head z alone: its gradient of W is 0, its first estimate 0.
            var losses = new[] { model.Loss(model.U, Inputs[step], 1.0), model.Z.square().sum() };
            method.Combine(losses);
            method.BeforeBackward(losses);
        }

        using var alpha = method.Alpha();
        var values = TinyModel.Values(alpha);
        Assert.That(values.All(double.IsFinite), Is.True, "no 0/0");
        Assert.That(values[0], Is.GreaterThan(values[1]));
        Assert.That(values.Sum(), Is.EqualTo(2.0).Within(1e-12));
    }

    [Test]
    public void Every_loss_is_needed_and_the_hyperparameter_is_checked()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var method = new ExcessMtl().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        Assert.Throws<ArgumentException>(() => method.BeforeBackward(new[] { null, model.Loss(model.V, Inputs[0], 0.0) }));
        Assert.Throws<ArgumentException>(() => method.TotalOf(new Tensor?[] { null, null }));
        Assert.Throws<ArgumentOutOfRangeException>(() => method.EffectiveWeight(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExcessMtl(0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExcessMtl(double.PositiveInfinity));
        using var created = (ExcessMtl)new ExcessMtlAttribute { StepSize = 0.3 }.Create();
        Assert.That(created.StepSize, Is.EqualTo(0.3));
        Assert.That(new ExcessMtlAttribute().StepSize, Is.EqualTo(0.01), "LibMTL's default");
        var bound = (GreaterThanAttribute)typeof(ExcessMtlAttribute).GetProperty(nameof(ExcessMtlAttribute.StepSize))!.GetCustomAttributes(typeof(GreaterThanAttribute), false).Single();
        Assert.That(bound.Bound, Is.EqualTo(0.0), "checked where a trainer writes it (ML0045)");
        Assert.That(typeof(ExcessMtlAttribute).GetCustomAttributes(typeof(RequiresEveryLossEveryStepAttribute), false), Has.Length.EqualTo(1));
    }

    [Test]
    public void An_evaluation_changes_nothing_and_uses_the_next_steps_weights()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var method = new ExcessMtl(0.5).Initialized(Contexts.Of(model, optimizer, Declared));
        for (var step = 0; step < 3; step++) TrainingStep(method, model, optimizer, Inputs[step]);
        var before = Contexts.SaveThroughBytes(method);

        double evaluated;
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var losses = Losses(model, Inputs[3]);
            evaluated = TinyModel.Value(method.Combine(losses));
        }
        var after = Contexts.SaveThroughBytes(method);
        var reported = TrainingStep(method, model, optimizer, Inputs[3]);

        Assert.That(after.Value("Weighting.Weights"), Is.EqualTo(before.Value("Weighting.Weights")));
        Assert.That(after.Blobs["Weighting.GradientSquares"], Is.EqualTo(before.Blobs["Weighting.GradientSquares"]));
        var alpha = before.Value("Weighting.Weights");
        Assert.That(reported, Is.EqualTo(new[] { alpha[0] * Declared[0], alpha[1] * Declared[1] }).Within(1e-12));
        Assert.That(evaluated, Is.GreaterThan(0.0));
    }

    [Test]
    public void A_state_restored_into_a_fresh_method_continues_as_the_run_that_never_stopped()
    {
        const double stepSize = 0.5;
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var method = new ExcessMtl(stepSize).Initialized(Contexts.Of(model, optimizer, Declared));
        for (var step = 0; step < Inputs.Length; step++) TrainingStep(method, model, optimizer, Inputs[step]);

        TrainerState saved;
        using var firstModel = new TinyModel();
        using (var firstOptimizer = torch.optim.SGD(firstModel.All, LearningRate))
        using (var first = new ExcessMtl(stepSize).Initialized(Contexts.Of(firstModel, firstOptimizer, Declared)))
        {
            for (var step = 0; step < 3; step++) TrainingStep(first, firstModel, firstOptimizer, Inputs[step]);
            saved = Contexts.SaveThroughBytes(first);
        }
        Assert.That(saved.Values.Keys, Has.All.StartWith("Weighting."));
        Assert.That(saved.Value("Weighting.GradientSquaresShape"), Is.EqualTo(new[] { 2.0, 4.0, (double)(int)ScalarType.Float64 }));

        using var resumedModel = new TinyModel();
        resumedModel.CopyFrom(firstModel);
        using var resumedOptimizer = torch.optim.SGD(resumedModel.All, LearningRate);
        using var resumed = new ExcessMtl(stepSize).Initialized(Contexts.Of(resumedModel, resumedOptimizer, Declared));
        resumed.RestoreState(new MethodState("Weighting.", saved));
        Assert.That(resumed.HasBaseline, Is.True);
        for (var step = 3; step < Inputs.Length; step++) TrainingStep(resumed, resumedModel, resumedOptimizer, Inputs[step]);

        using (var expected = method.Alpha())
        using (var actual = resumed.Alpha())
        {
            Assert.That(TinyModel.Values(actual), Is.EqualTo(TinyModel.Values(expected)).Within(1e-12));
        }
        Assert.That(TinyModel.Values(resumedModel.W), Is.EqualTo(TinyModel.Values(model.W)).Within(1e-12));

        // The check can fail: the weights alone, without the accumulated squares and the first estimates, take another path.
        using var partialModel = new TinyModel();
        partialModel.CopyFrom(firstModel);
        using var partialOptimizer = torch.optim.SGD(partialModel.All, LearningRate);
        using var partial = new ExcessMtl(stepSize).Initialized(Contexts.Of(partialModel, partialOptimizer, Declared));
        var weightsOnly = new System.Collections.Generic.Dictionary<string, double[]>(saved.Values);
        weightsOnly["Weighting.Baseline"] = [double.NaN, double.NaN];
        weightsOnly["Weighting.GradientSquaresShape"] = [];
        var blobs = new System.Collections.Generic.Dictionary<string, byte[]>(saved.Blobs) { ["Weighting.GradientSquares"] = [] };
        partial.RestoreState(new MethodState("Weighting.", new TrainerState { Trainer = Contexts.Trainer, Values = weightsOnly, Blobs = blobs }));
        for (var step = 3; step < Inputs.Length; step++) TrainingStep(partial, partialModel, partialOptimizer, Inputs[step]);
        using (var expected = method.Alpha())
        using (var actual = partial.Alpha())
        {
            Assert.That(TinyModel.Values(actual).Zip(TinyModel.Values(expected), (a, b) => Math.Abs(a - b)).Max(), Is.GreaterThan(1e-4));
        }
    }

    [Test]
    public void Restoring_a_state_of_another_size_throws()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, LearningRate);
        using var three = new ExcessMtl().Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0, 1.0 }));
        using var two = new ExcessMtl().Initialized(Contexts.Of(model, optimizer, Declared));
        TrainingStep(two, model, optimizer, Inputs[0]);
        var saved = Contexts.SaveThroughBytes(two);

        Assert.Throws<ArgumentException>(() => three.RestoreState(new MethodState("Weighting.", saved)));
        using var wholeModel = new ExcessMtl().Initialized(Contexts.Of(model, optimizer, Declared, sharedW: false));
        Assert.Throws<ArgumentException>(() => wholeModel.RestoreState(new MethodState("Weighting.", saved)), "squares of 4 parameters into a method over 10");
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: 0.01);
        using var method = new ExcessMtl().Initialized(Contexts.Of(model, optimizer, Declared));

        TrainingStep(method, model, optimizer, Inputs[0]);
        TrainingStep(method, model, optimizer, Inputs[1]);
        var afterTwo = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 2; i < 200; i++) TrainingStep(method, model, optimizer, Inputs[i % Inputs.Length]);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterTwo));
    }
}
