using System;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

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

    private static Tensor Total(UncertaintyWeighting weighting, TinyModel model, double[] x)
        => weighting.Combine(new[] { model.Loss(model.U, x, 1.0), model.Loss(model.V, x, 0.0) });

    /// <summary>A training step as a generated trainer takes it: gradients to none, total, backward, both steps.</summary>
    private static void TrainingStep(UncertaintyWeighting weighting, TinyModel model, optim.Optimizer optimizer, double[] x)
    {
        using var scope = torch.NewDisposeScope();
        Gradients.SetToNone(optimizer);
        weighting.SetGradientsToNone();
        var losses = new[] { model.Loss(model.U, x, 1.0), model.Loss(model.V, x, 0.0) };
        var total = weighting.Combine(losses);
        weighting.Observe(losses);
        weighting.BeforeBackward(losses);
        total.backward();
        optimizer.step();
        weighting.AfterOptimizerStep();
    }

    [Test]
    public void Total_effective_weights_and_gradients_match_the_hand_computation()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));
        SetLogVariances(weighting, S);

        using var scope = torch.NewDisposeScope();
        var l1 = model.Loss(model.U, X, 1.0);
        var l2 = model.Loss(model.V, X, 0.0);
        var total = weighting.Combine(new[] { l1, l2 });
        var weight1 = weighting.EffectiveWeight(0);
        var weight2 = weighting.EffectiveWeight(1);
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
        Assert.That(weight1.requires_grad, Is.False, "a reported weight carries no graph");
        Assert.That(TinyModel.Value(weighting.EffectiveWeight(0)), Is.EqualTo(c1).Within(Tolerance));
        Assert.That(TinyModel.Values(weighting.LogVariances)[1], Is.EqualTo(S[1]).Within(Tolerance));
        Assert.That(TinyModel.Values(weighting.LogVariances.grad!), Is.EqualTo(expectedGradS).Within(Tolerance));
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(expectedGradW).Within(Tolerance));
        Assert.That(TinyModel.Values(model.U.grad!), Is.EqualTo(new[] { c1 * p1.GradHead[0], c1 * p1.GradHead[1] }).Within(Tolerance));
        Assert.That(TinyModel.Values(model.V.grad!), Is.EqualTo(new[] { c2 * p2.GradHead[0], c2 * p2.GradHead[1] }).Within(Tolerance));
    }

    [Test]
    public void Effective_weight_outside_a_step_is_computed_from_the_log_variances()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));
        SetLogVariances(weighting, S);

        // No Combine yet (or its tensors gone with their dispose scope): ½·e^(−s_i)·w_i from the current s.
        using (torch.NewDisposeScope()) Total(weighting, model, X);
        SetLogVariances(weighting, new[] { S[1], S[0] });
        using var scope = torch.NewDisposeScope();

        Assert.That(TinyModel.Value(weighting.EffectiveWeight(0)), Is.EqualTo(0.5 * Math.Exp(-S[1]) * Declared[0]).Within(Tolerance));
        Assert.That(TinyModel.Value(weighting.EffectiveWeight(1)), Is.EqualTo(0.5 * Math.Exp(-S[0]) * Declared[1]).Within(Tolerance));
        Assert.Throws<ArgumentOutOfRangeException>(() => weighting.EffectiveWeight(2));
    }

    [Test]
    public void Total_equals_the_sum_of_the_terms()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        var total = Total(weighting, model, X);

        // s starts at 0: ½·w_i·L_i each, and the log-variances were created on the shared parameters' dtype.
        Assert.That(weighting.LogVariances.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(TinyModel.Value(total), Is.EqualTo(0.5 * 1.0 * 0.81 + 0.5 * 0.5 * 1.69).Within(Tolerance));
    }

    [Test]
    public void A_loss_that_is_not_active_has_no_term()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));
        SetLogVariances(weighting, S);
        using var scope = torch.NewDisposeScope();

        var total = weighting.Combine(new[] { null, model.Loss(model.V, X, 0.0) });
        total.backward();

        Assert.That(TinyModel.Value(total), Is.EqualTo(0.5 * Math.Exp(-S[1]) * Declared[1] * 1.69 + 0.5 * S[1]).Within(Tolerance));
        Assert.That(TinyModel.Values(weighting.LogVariances.grad!)[0], Is.EqualTo(0.0), "s_1 gets no gradient from an inactive loss");
        Assert.That(model.U.grad, Is.Null);
        Assert.Throws<ArgumentException>(() => weighting.TotalOf(new Tensor?[] { null, null }));
        Assert.Throws<ArgumentException>(() => weighting.TotalOf(new[] { model.Loss(model.U, X, 1.0) }));
    }

    [Test]
    public void Log_variances_are_stepped_after_the_optimizer_step_with_the_users_Adam_options()
    {
        const double learningRate = 0.05;
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: learningRate);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));

        Assert.That(weighting.LogVariances.dtype, Is.EqualTo(ScalarType.Float64), "created like the first shared parameter");
        Assert.That(weighting.LogVariances.device.type, Is.EqualTo(model.W.device.type));
        Assert.That(TinyModel.Values(weighting.LogVariances), Is.EqualTo(new[] { 0.0, 0.0 }));
        Assert.That(weighting.LearnableParameters, Has.Count.EqualTo(1));
        Assert.That(weighting.LearnableParameters[0].Handle, Is.EqualTo(weighting.LogVariances.Handle));
        Assert.That(optimizer.ParamGroups.Count(), Is.EqualTo(1), "the user's optimizer keeps exactly its own parameter groups");
        Assert.That(optimizer.parameters().Count(), Is.EqualTo(4), "and its own parameters");

        var values = new double[5][];
        for (var step = 0; step < 5; step++)
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            weighting.SetGradientsToNone();
            var total = Total(weighting, model, X);
            total.backward();
            optimizer.step();
            Assert.That(TinyModel.Values(weighting.LogVariances), Is.EqualTo(step == 0 ? new[] { 0.0, 0.0 } : values[step - 1]),
                "the user's optimizer step does not move the log-variances");
            weighting.AfterOptimizerStep();
            values[step] = TinyModel.Values(weighting.LogVariances);
        }

        // Adam's first step moves each s_i by lr·g/(|g| + ε) ≈ lr against its gradient ½ − ½·w_i·L_i: with the
        // learning rate of the user's optimizer. w_1·L_1 = 0.81 < 1 (s_1 falls), w_2·L_2 = 0.845 < 1 (s_2 falls).
        Assert.That(values[0][0], Is.EqualTo(-learningRate).Within(1e-6));
        Assert.That(values[0][1], Is.EqualTo(-learningRate).Within(1e-6));
        Assert.That(values[4][0], Is.LessThan(values[0][0] - 0.1), "s_1 keeps moving");
        Assert.That(values[4][1], Is.LessThan(values[0][1] - 0.1), "s_2 keeps moving");
        Assert.That(optimizer.ParamGroups.Count(), Is.EqualTo(1), "still one group after stepping");

        Assert.That(weighting.LogVariances.grad, Is.Not.Null);
        weighting.SetGradientsToNone();
        Assert.That(weighting.LogVariances.grad, Is.Null, "SetGradientsToNone clears the log-variances' gradient");
    }

    [Test]
    public void A_scheduler_on_the_users_optimizer_sets_the_log_variances_learning_rate()
    {
        const double learningRate = 0.1;
        const double gamma = 0.25;
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, learningRate);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));
        var scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size: 1, gamma: gamma);

        // SGD moves s by −lr·∇s: read ∇s before the weights' step, and the move after it.
        double[] Moves(out double[] gradient)
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            weighting.SetGradientsToNone();
            Total(weighting, model, X).backward();
            optimizer.step();
            gradient = TinyModel.Values(weighting.LogVariances.grad!);
            var before = TinyModel.Values(weighting.LogVariances);
            weighting.AfterOptimizerStep();
            var after = TinyModel.Values(weighting.LogVariances);
            return new[] { after[0] - before[0], after[1] - before[1] };
        }

        var first = Moves(out var firstGradient);
        scheduler.step();
        var second = Moves(out var secondGradient);

        Assert.That(first, Is.EqualTo(new[] { -learningRate * firstGradient[0], -learningRate * firstGradient[1] }).Within(1e-12));
        Assert.That(second, Is.EqualTo(new[] { -learningRate * gamma * secondGradient[0], -learningRate * gamma * secondGradient[1] }).Within(1e-12),
            "the scheduled learning rate");
        Assert.That(secondGradient.All(g => Math.Abs(g) > 1e-3), Is.True, "the case is not degenerate");
    }

    private static readonly string[] ManagedOptimizers =
        { "SGD", "Adam", "AdamW", "Adamax", "Adadelta", "Adagrad", "ASGD", "NAdam", "RAdam", "RMSProp", "Rprop" };

    private static optim.Optimizer CreateOptimizer(string name, Parameter[] parameters) => name switch
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
    public void Every_managed_optimizer_steps_the_log_variances(string name)
    {
        using var model = new TinyModel();
        using var optimizer = CreateOptimizer(name, model.All);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));
        using var scope = torch.NewDisposeScope();

        Total(weighting, model, X).backward();
        optimizer.step();
        weighting.AfterOptimizerStep();

        var s = TinyModel.Values(weighting.LogVariances);
        Assert.That(s[0], Is.Not.EqualTo(0.0));
        Assert.That(s[1], Is.Not.EqualTo(0.0));
        Assert.That(optimizer.ParamGroups.Count(), Is.EqualTo(1));
    }

    [TestCaseSource(nameof(ManagedOptimizers))]
    public void Initializing_leaves_the_users_optimizer_options_as_they_were(string name)
    {
        // A scheduler that stepped before the method was first needed (or one restored on resume) has moved the
        // learning rate away from the initial one, which resumed schedulers start from.
        using var model = new TinyModel();
        using var optimizer = CreateOptimizer(name, model.All);
        var group = optimizer.ParamGroups.Single();
        var initial = group.InitialLearningRate;
        group.LearningRate = initial / 4;

        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));

        Assert.That(group.InitialLearningRate, Is.EqualTo(initial), "the initial learning rate");
        Assert.That(group.LearningRate, Is.EqualTo(initial / 4), "the current learning rate");
        Assert.That(optimizer.ParamGroups.Count(), Is.EqualTo(1));
    }

    [Test]
    public void Initializing_twice_or_with_LBFGS_throws()
    {
        using var model = new TinyModel();
        using var sgd = torch.optim.SGD(model.All, 0.1);
        using var weighting = new UncertaintyWeighting();
        Assert.That(weighting.IsInitialized, Is.False);
        Assert.Throws<InvalidOperationException>(() => _ = weighting.LogVariances);
        weighting.Initialize(Contexts.Of(model, sgd, Declared));
        Assert.That(weighting.IsInitialized, Is.True);

        Assert.Throws<InvalidOperationException>(() => weighting.Initialize(Contexts.Of(model, sgd, Declared)));
        using var lbfgs = torch.optim.LBFGS(model.All);
        using var other = new UncertaintyWeighting();
        Assert.Throws<NotSupportedException>(() => other.Initialize(Contexts.Of(model, lbfgs, Declared)));
    }

    [Test]
    public void A_failed_initialization_leaves_the_method_uninitialized()
    {
        // A generated trainer initializes its method when it is first needed, and again on each later step while
        // IsInitialized is false: after a failure the next step must fail again, not train a half-initialized method.
        using var model = new TinyModel();
        using var lbfgs = torch.optim.LBFGS(model.All);
        using var weighting = new UncertaintyWeighting();
        Assert.Throws<NotSupportedException>(() => weighting.Initialize(Contexts.Of(model, lbfgs, Declared)));

        Assert.That(weighting.IsInitialized, Is.False);
        Assert.That(weighting.LearnableParameters, Is.Empty);
        Assert.Throws<NotSupportedException>(() => weighting.Initialize(Contexts.Of(model, lbfgs, Declared)), "the same error again");

        // With an optimizer that fits, the same instance initializes and trains its log-variances.
        using var sgd = torch.optim.SGD(model.All, 0.1);
        weighting.Initialize(Contexts.Of(model, sgd, Declared));
        Assert.That(weighting.LearnableParameters, Has.Count.EqualTo(1));
        using var scope = torch.NewDisposeScope();
        Total(weighting, model, X).backward();
        weighting.AfterOptimizerStep();
        Assert.That(TinyModel.Values(weighting.LogVariances).All(v => v != 0), Is.True);
    }

    [Test]
    public void Declared_weights_are_checked()
    {
        using var model = new TinyModel();
        using var sgd = torch.optim.SGD(model.All, 0.1);
        Assert.Throws<ArgumentException>(() => Contexts.Of(model, sgd, new[] { 1.0, -0.5 }));
        Assert.Throws<ArgumentException>(() => Contexts.Of(model, sgd, new[] { double.NaN }));
        Assert.Throws<ArgumentException>(() => Contexts.Of(model, sgd, Array.Empty<double>()));
        Assert.Throws<ArgumentException>(() => new MethodContext(Contexts.Trainer, model, sgd, new[] { "L1" }, Declared));
    }

    [Test]
    public void A_zero_declared_weight_gives_a_zero_effective_weight_and_a_finite_term()
    {
        using var model = new TinyModel();
        using var sgd = torch.optim.SGD(model.All, 0.1);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, sgd, new[] { 0.0, 1.0 }));
        using var scope = torch.NewDisposeScope();

        var term = weighting.Combine(new[] { model.Loss(model.U, X, 1.0), null });
        var weight = weighting.EffectiveWeight(0);

        Assert.That(TinyModel.Value(weight), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(term), Is.EqualTo(0.0));
    }

    [Test]
    public void State_round_trip_through_trainer_state_bytes_resumes_the_log_variances_and_their_optimizer()
    {
        const double learningRate = 0.05;
        var inputs = new[] { X, new[] { 0.5, -1.0 }, new[] { -1.0, 0.5 }, new[] { 2.0, 1.0 }, new[] { 1.0, -0.5 }, new[] { 0.3, 0.7 } };

        // The uninterrupted run: six steps.
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: learningRate);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));
        var uninterrupted = new double[3][];
        for (var step = 0; step < 6; step++)
        {
            TrainingStep(weighting, model, optimizer, inputs[step]);
            if (step >= 3) uninterrupted[step - 3] = TinyModel.Values(weighting.LogVariances);
        }

        // The interrupted run: three steps, then everything saved as a trainer saves it, to bytes.
        TrainerState saved;
        byte[] optimizerBytes;
        double[] logVariancesAtSave;
        using var firstModel = new TinyModel();
        {
            using var firstOptimizer = torch.optim.Adam(firstModel.All, lr: learningRate);
            using var first = new UncertaintyWeighting().Initialized(Contexts.Of(firstModel, firstOptimizer, Declared));
            for (var step = 0; step < 3; step++) TrainingStep(first, firstModel, firstOptimizer, inputs[step]);
            saved = Contexts.SaveThroughBytes(first);
            optimizerBytes = Contexts.OptimizerBytes(firstOptimizer);
            logVariancesAtSave = TinyModel.Values(first.LogVariances);
        }
        Assert.That(saved.Values.Keys, Has.All.StartWith("Weighting."), "the method writes under its prefix only");
        Assert.That(saved.Values.Keys, Does.Contain("Weighting.LogVariances"));
        Assert.That(saved.Blobs.Keys, Does.Contain("Weighting.Optimizer"), "the learnable weights' optimizer state is saved");
        Assert.That(saved.Value("Weighting.LogVariances"), Is.EqualTo(logVariancesAtSave));

        // Resumed: a fresh model with the saved weights, a fresh optimizer with the saved state, a fresh method.
        using var resumedModel = new TinyModel();
        resumedModel.CopyFrom(firstModel);
        using var resumedOptimizer = torch.optim.Adam(resumedModel.All, lr: learningRate);
        Contexts.LoadOptimizer(resumedOptimizer, optimizerBytes);
        using var resumed = new UncertaintyWeighting().Initialized(Contexts.Of(resumedModel, resumedOptimizer, Declared));
        resumed.RestoreState(new MethodState("Weighting.", saved));
        Assert.That(TinyModel.Values(resumed.LogVariances), Is.EqualTo(logVariancesAtSave));
        for (var step = 3; step < 6; step++)
        {
            TrainingStep(resumed, resumedModel, resumedOptimizer, inputs[step]);
            Assert.That(TinyModel.Values(resumed.LogVariances), Is.EqualTo(uninterrupted[step - 3]).Within(1e-6), $"s after step {step + 1}");
        }

        // The check can fail: the log-variances alone, without their Adam moments, take another path.
        using var valuesOnlyModel = new TinyModel();
        valuesOnlyModel.CopyFrom(firstModel);
        using var valuesOnlyOptimizer = torch.optim.Adam(valuesOnlyModel.All, lr: learningRate);
        Contexts.LoadOptimizer(valuesOnlyOptimizer, optimizerBytes);
        using var valuesOnly = new UncertaintyWeighting().Initialized(Contexts.Of(valuesOnlyModel, valuesOnlyOptimizer, Declared));
        SetLogVariances(valuesOnly, logVariancesAtSave);
        for (var step = 3; step < 6; step++) TrainingStep(valuesOnly, valuesOnlyModel, valuesOnlyOptimizer, inputs[step]);
        var difference = TinyModel.Values(valuesOnly.LogVariances).Zip(uninterrupted[2], (a, b) => Math.Abs(a - b)).Max();
        Assert.That(difference, Is.GreaterThan(1e-4), "without the optimizer state the run differs");
    }

    [Test]
    public void Restoring_a_state_saved_by_another_method_throws()
    {
        using var model = new TinyModel();
        using var sgd = torch.optim.SGD(model.All, 0.1);
        using var dwa = new DynamicWeightAverage().Initialized(Contexts.Of(model, sgd, Declared));
        var saved = Contexts.SaveThroughBytes(dwa);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, sgd, Declared));

        Assert.Throws<ArgumentException>(() => weighting.RestoreState(new MethodState("Weighting.", saved)));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: 0.01);
        using var weighting = new UncertaintyWeighting().Initialized(Contexts.Of(model, optimizer, Declared));

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            weighting.SetGradientsToNone();
            var losses = new[] { model.Loss(model.U, X, 1.0), model.Loss(model.V, X, 0.0) };
            var total = weighting.Combine(losses);
            _ = TinyModel.Value(weighting.EffectiveWeight(0));
            weighting.Observe(losses);
            weighting.BeforeBackward(losses);
            total.backward();
            optimizer.step();
            weighting.AfterOptimizerStep();
        }

        Step();
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 1; i < 200; i++) Step();

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }
}
