using System;
using System.Linq;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.Modules;
using static MultiLoss.Tests.SeedLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>Adaptive weighting in generated steps against hand loops written from the papers' formulas.</summary>
[TestFixture]
public sealed class WeightingTests
{
    private const int Steps = 20;

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Uncertainty_weighting_matches_the_hand_loop(OptimizerKind kind)
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 111);
        using var handModel = Models.Mlp(seed: 112);
        using var generatedModel = Models.Mlp(seed: 112);
        var logVariances = new Parameter(zeros(2), requires_grad: true);
        using var handOptimizer = Create(kind, handModel.parameters().Append(logVariances));
        using var generatedOptimizer = Optimizers.Create(kind, generatedModel);
        using var trainer = new UncertaintyTrainer(generatedModel, generatedOptimizer);

        for (var step = 0; step < Steps; step++)
        {
            var (x, y) = (batches.Input(step), batches.Label(step));
            using var scope = NewDisposeScope();
            HandGradients.SetToNone(handOptimizer);
            var output = handModel.forward(x);
            var s = logVariances;
            var total = 0.5 * (-s[0]).exp() * 1.0 * Classification(output, y) + 0.5 * s[0]
                      + 0.5 * (-s[1]).exp() * 0.5 * Confidence(output) + 0.5 * s[1];
            var effective = (0.5 * (-s[1]).exp() * 0.5).item<float>();
            total.backward();
            handOptimizer.step();

            var result = trainer.Step(x, y);
            Assert.That(result.Total, Is.EqualTo(total.item<float>()).Within(1e-5));
            Assert.That(result.ConfidenceWeight, Is.EqualTo(effective).Within(1e-6), "the effective weight this step");
        }

        ParameterAssert.Equal(handModel, generatedModel, 1e-5);
        var state = trainer.SaveState().Value("Weighting.LogVariances");
        Assert.That(state[0], Is.EqualTo(logVariances[0].item<float>()).Within(1e-5));
        Assert.That(state[1], Is.EqualTo(logVariances[1].item<float>()).Within(1e-5));
        Assert.That(Math.Abs(state[0]) + Math.Abs(state[1]), Is.GreaterThan(1e-3), "the optimizer trains the log-variances");
        logVariances.Dispose();
    }

    [Test]
    public void Uncertainty_log_variances_are_restored_from_a_saved_state()
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 113);
        using var model = Models.Mlp(seed: 114);
        using var optimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var trainer = new UncertaintyTrainer(model, optimizer);
        for (var step = 0; step < 10; step++) trainer.Step(batches.Input(step), batches.Label(step));
        var saved = new System.IO.MemoryStream();
        trainer.SaveState().Save(saved);
        saved.Position = 0;

        using var otherOptimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var restored = new UncertaintyTrainer(model, otherOptimizer);
        restored.RestoreState(TrainerState.Load(saved));

        Assert.That(restored.SaveState().Value("Weighting.LogVariances"), Is.EqualTo(trainer.SaveState().Value("Weighting.LogVariances")).Within(1e-7));
        Assert.That(restored.SaveState().Value("Weighting.LogVariances")[0], Is.Not.EqualTo(0.0));
    }

    [Test]
    public void A_scheduler_created_before_the_first_step_schedules_the_log_variances_too()
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 115);
        using var handModel = Models.Mlp(seed: 116);
        using var generatedModel = Models.Mlp(seed: 116);
        var logVariances = new Parameter(zeros(2), requires_grad: true);
        using var handOptimizer = optim.Adam(handModel.parameters().Append(logVariances), 0.01);
        var handScheduler = optim.lr_scheduler.StepLR(handOptimizer, step_size: 1, gamma: 0.5);
        using var optimizer = optim.Adam(generatedModel.parameters(), 0.01);
        using var trainer = new UncertaintyTrainer(generatedModel, optimizer);
        var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 1, gamma: 0.5);

        for (var step = 0; step < 5; step++)
        {
            var (x, y) = (batches.Input(step), batches.Label(step));
            using var scope = NewDisposeScope();
            HandGradients.SetToNone(handOptimizer);
            var output = handModel.forward(x);
            var s = logVariances;
            var total = 0.5 * (-s[0]).exp() * 1.0 * Classification(output, y) + 0.5 * s[0]
                      + 0.5 * (-s[1]).exp() * 0.5 * Confidence(output) + 0.5 * s[1];
            total.backward();
            handOptimizer.step();
            handScheduler.step();

            trainer.Step(x, y);
            scheduler.step();
        }

        Assert.That(new System.Collections.Generic.List<optim.ILearningRateController>(optimizer.ParamGroups), Has.Count.EqualTo(1), "the trainer leaves the optimizer's groups as they were");
        var state = trainer.SaveState().Value("Weighting.LogVariances");
        Assert.That(state[0], Is.EqualTo(logVariances[0].item<float>()).Within(1e-6), "the log-variances took the scheduled learning rates");
        Assert.That(state[1], Is.EqualTo(logVariances[1].item<float>()).Within(1e-6));
        ParameterAssert.Equal(handModel, generatedModel, 1e-6);
        logVariances.Dispose();
    }

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Dynamic_weight_average_matches_the_hand_loop(OptimizerKind kind)
    {
        const int stepsPerEpoch = 5;
        const int epochs = 4;
        const double temperature = 2.0;
        using var pair = new TrainingPair(kind, seed: 115);
        using var trainer = new DwaTrainer(pair.GeneratedModel, pair.GeneratedOptimizer);
        var means = new double[epochs, 2];
        var lambda = new[] { 1.0, 1.0 };

        for (var epoch = 0; epoch < epochs; epoch++)
        {
            if (epoch >= 2)
            {
                var r0 = means[epoch - 1, 0] / means[epoch - 2, 0];
                var r1 = means[epoch - 1, 1] / means[epoch - 2, 1];
                var (e0, e1) = (Math.Exp(r0 / temperature), Math.Exp(r1 / temperature));
                lambda = [2 * e0 / (e0 + e1), 2 * e1 / (e0 + e1)];
            }
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                var (x, y) = (pair.Batches.Input(step), pair.Batches.Label(step));
                using var scope = NewDisposeScope();
                HandGradients.SetToNone(pair.HandOptimizer);
                var output = pair.HandModel.forward(x);
                var l0 = Classification(output, y);
                var l1 = Confidence(output);
                (lambda[0] * 1.0 * l0 + lambda[1] * 0.5 * l1).backward();
                pair.HandOptimizer.step();
                means[epoch, 0] += l0.item<float>() / stepsPerEpoch;
                means[epoch, 1] += l1.item<float>() / stepsPerEpoch;

                var result = trainer.Step(x, y);
                Assert.That(result.ClassificationWeight, Is.EqualTo(lambda[0]).Within(1e-6), $"weight in epoch {epoch}");
                Assert.That(result.ConfidenceWeight, Is.EqualTo(lambda[1] * 0.5).Within(1e-6), $"weight in epoch {epoch}");
            }
            trainer.EndEpoch();
        }

        Assert.That(lambda[0], Is.Not.EqualTo(1.0), "the weights moved in the later epochs");
        pair.AssertParametersEqual();
    }

    [Test]
    public void A_resumed_dynamic_weight_average_continues_where_it_stopped()
    {
        const int stepsPerEpoch = 5;
        using var batches = new Batches(count: 5, batchSize: 32, seed: 118);
        using var uninterrupted = Models.Mlp(seed: 119);
        using var uninterruptedOptimizer = optim.SGD(uninterrupted.parameters(), 0.05);
        using var reference = new DwaTrainer(uninterrupted, uninterruptedOptimizer);
        using var stoppedModel = Models.Mlp(seed: 119);
        using var stoppedOptimizer = optim.SGD(stoppedModel.parameters(), 0.05);
        using var stopped = new DwaTrainer(stoppedModel, stoppedOptimizer);

        void Train(DwaTrainer trainer, int from, int to)
        {
            for (var step = from; step < to; step++)
            {
                trainer.Step(batches.Input(step % stepsPerEpoch), batches.Label(step % stepsPerEpoch));
                if (step % stepsPerEpoch == stepsPerEpoch - 1) trainer.EndEpoch();
            }
        }

        const int stop = 3 * stepsPerEpoch + 2;
        const int end = 5 * stepsPerEpoch;
        Train(reference, 0, end);
        Train(stopped, 0, stop);
        var state = stopped.SaveState();

        using var resumedOptimizer = optim.SGD(stoppedModel.parameters(), 0.05);
        using var resumed = new DwaTrainer(stoppedModel, resumedOptimizer);
        resumed.RestoreState(state);
        Train(resumed, stop, end);

        ParameterAssert.Equal(uninterrupted, stoppedModel, 1e-6);
    }

    [Test]
    public void Adaptive_weightings_leave_no_tensor_behind()
    {
        using var batches = new Batches(count: 5, batchSize: 16, seed: 116);
        using var model = Models.Mlp(seed: 117);
        using var optimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var uncertainty = new UncertaintyTrainer(model, optimizer);
        using var dwa = new DwaTrainer(model, optimizer);

        uncertainty.Step(batches.Input(0), batches.Label(0));
        dwa.Step(batches.Input(0), batches.Label(0));
        dwa.EndEpoch();
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var step = 1; step < 200; step++)
        {
            uncertainty.Step(batches.Input(step), batches.Label(step));
            dwa.Step(batches.Input(step), batches.Label(step));
            if (step % 5 == 0) dwa.EndEpoch();
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    private static optim.Optimizer Create(OptimizerKind kind, System.Collections.Generic.IEnumerable<Parameter> parameters) => kind switch
    {
        OptimizerKind.SgdMomentum => optim.SGD(parameters, 0.05, momentum: 0.9),
        _ => optim.Adam(parameters, 0.01),
    };
}
