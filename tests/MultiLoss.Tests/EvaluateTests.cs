using System;
using System.Collections.Generic;
using System.IO;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using static MultiLoss.Tests.Trainers.ThreeHeadLosses;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// <c>Evaluate</c>: the next step's losses and total on a batch, computed in eval mode without gradients, and nothing
/// of the trainer changed — checked against a hand forward, with dropout, against the saved state, and against a run
/// that never evaluated.
/// </summary>
[TestFixture]
public sealed class EvaluateTests
{
    private const int Steps = 12;

    [Test]
    public void Equals_a_hand_forward_without_gradients()
    {
        using var run = new ThreeHeadRun(seed: 41);
        using var trainer = new ThreeHeadWeighted(run.Generated, run.GeneratedOptimizer);
        run.Train(Steps, (step, x, y) => trainer.Step(x, y));
        using var scope = NewDisposeScope();
        var (x, y) = (run.Batches.Input(Steps), run.Batches.Label(Steps));
        HandGradients.SetToNone(run.GeneratedOptimizer);

        var result = trainer.Evaluate(x, y);

        using (no_grad())
        {
            var (logits, parity, recon) = run.Generated.forward(x);
            var classification = Classification(logits, y).item<float>();
            var parityLoss = Parity(parity, y).item<float>();
            var reconstruction = Reconstruction(recon, x).item<float>();
            Assert.That(result.Classification, Is.EqualTo(classification).Within(1e-6));
            Assert.That(result.Parity, Is.EqualTo(parityLoss).Within(1e-6));
            Assert.That(result.Reconstruction, Is.EqualTo(reconstruction).Within(1e-6));
            Assert.That(result.Total, Is.EqualTo(classification + 0.5 * parityLoss + 0.5 * reconstruction).Within(1e-5));
        }
        Assert.That(result.StepNumber, Is.EqualTo(Steps));
        Assert.That(run.Generated.parameters(), Has.All.Matches<TorchSharp.Modules.Parameter>(p => p!.grad is null), "the evaluation computed no gradient");
    }

    [Test]
    public void An_aggregation_trainer_reports_no_weights_and_no_flags_for_an_evaluation()
    {
        using var run = new ThreeHeadRun(seed: 43);
        using var trainer = new TwoHeadGuardedFailingSolver(run.Generated, run.GeneratedOptimizer);
        using var scope = NewDisposeScope();
        var (x, y) = (run.Batches.Input(0), run.Batches.Label(0));

        var step = trainer.Step(x, y);
        Assert.That(step.IsEvaluation, Is.False);
        Assert.That(double.IsFinite(step.ClassificationWeight), Is.True, "a step reports the weights its backward pass decided");

        // The weights come from the backward pass, which an evaluation does not run; it skips and falls back on nothing.
        var evaluation = trainer.Evaluate(x, y);
        Assert.That(evaluation.IsEvaluation, Is.True);
        Assert.That(evaluation.ClassificationWeight, Is.NaN);
        Assert.That(evaluation.ReconstructionWeight, Is.NaN);
        Assert.That(evaluation.Skipped, Is.False);
        Assert.That(evaluation.FellBack, Is.False);
        Assert.That(evaluation.StepNumber, Is.EqualTo(1));
        Assert.That(evaluation.ToString(), Does.StartWith("evaluation after step 1:"));
    }

    [Test]
    public void A_model_with_dropout_is_evaluated_in_eval_mode_and_left_in_its_mode()
    {
        using var model = nn.Sequential(("fc1", nn.Linear(Models.Features, 32)), ("drop", nn.Dropout(0.5)), ("fc2", nn.Linear(32, Models.Classes)));
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        using var trainer = new WeightedTrainer(model, optimizer);
        using var batches = new Batches(count: 2, batchSize: 32, seed: 42);
        using var scope = NewDisposeScope();
        trainer.Step(batches.Input(0), batches.Label(0));

        var first = trainer.Evaluate(batches.Input(1), batches.Label(1)).Total;
        var second = trainer.Evaluate(batches.Input(1), batches.Label(1)).Total;
        Assert.That(second, Is.EqualTo(first), "dropout is off while evaluating");
        Assert.That(model.training, Is.True, "a model in training mode is put back in training mode");

        model.eval();
        trainer.Evaluate(batches.Input(1), batches.Label(1));
        Assert.That(model.training, Is.False, "a model in eval mode stays in eval mode");

        model.train();
        var trainingMode = new List<double>();
        for (var i = 0; i < 2; i++) trainingMode.Add(trainer.Step(batches.Input(1), batches.Label(1)).Total);
        Assert.That(trainingMode[0], Is.Not.EqualTo(first), "the control: the step's forward does use dropout");
    }

    [Test]
    public void Gates_phases_accumulation_and_adaptive_statistics_are_left_as_they_were()
    {
        foreach (var (name, create) in Trainers)
        {
            using var run = new ThreeHeadRun(seed: 43);
            using var evaluated = create(run.Generated, run.GeneratedOptimizer);
            using var untouched = create(run.Hand, run.HandOptimizer);
            var evaluations = 0;

            run.Train(Steps, (step, x, y) =>
            {
                // From the second step: a first evaluation before any step sets up an adaptive weighting as the first step would.
                if (step == 0)
                {
                    Assert.That(evaluated.Step(x, y), Is.EqualTo(untouched.Step(x, y)), $"{name}: the total of step 0");
                    return;
                }
                var before = Saved(evaluated);
                var other = run.Batches.Input(step + 1);
                var evaluation = evaluated.Evaluate(other, run.Batches.Label(step + 1));
                Assert.That(double.IsFinite(evaluation), Is.True, $"{name}: the evaluation's total at step {step}");
                Assert.That(Saved(evaluated), Is.EqualTo(before), $"{name}: the trainer's state after an evaluation at step {step}");
                evaluations++;

                Assert.That(evaluated.Step(x, y), Is.EqualTo(untouched.Step(x, y)), $"{name}: the total of step {step}");
                if (step % 3 == 2)
                {
                    evaluated.EndEpoch();
                    untouched.EndEpoch();
                }
            });

            Assert.That(evaluations, Is.EqualTo(Steps - 1));
            run.AssertParametersEqual(0);
        }
    }

    [Test]
    public void A_latched_gate_is_decided_from_the_batch_but_not_latched()
    {
        using var run = new ThreeHeadRun(seed: 44);
        using var trainer = new ThreeHeadGateLatch(run.Generated, run.GeneratedOptimizer);
        using var scope = NewDisposeScope();
        using var confident = run.Batches.Input(0).clone();
        var (logits, _, _) = run.Generated.forward(confident);
        using var easyLabels = logits.argmax(1);

        var evaluation = trainer.Evaluate(confident, easyLabels);
        Assert.That(evaluation.Classification, Is.LessThan(GateThreshold), "the batch is one that opens the gate");

        Assert.That(evaluation.ParityGateOpen, Is.True);
        Assert.That(double.IsFinite(evaluation.Parity), Is.True, "the gated loss is computed while its gate is open");
        Assert.That(trainer.SaveState().Gate("Parity"), Is.False, "an evaluation latches nothing");
    }

    [Test]
    public void Evaluate_after_dispose_throws_and_repeated_evaluations_leak_nothing()
    {
        using var run = new ThreeHeadRun(seed: 45);
        var trainer = new ThreeHeadDeviceGate(run.Generated, run.GeneratedOptimizer);
        using (NewDisposeScope()) trainer.Evaluate(run.Batches.Input(0), run.Batches.Label(0)).Total.ToString();
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 50; i++)
        {
            using var scope = NewDisposeScope();
            _ = trainer.Evaluate(run.Batches.Input(i), run.Batches.Label(i)).Total;
        }
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(live));

        trainer.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => trainer.Evaluate(run.Batches.Input(0), run.Batches.Label(0)));
        Assert.That(error!.ObjectName, Does.Contain(nameof(ThreeHeadDeviceGate)));
    }

    private static byte[] Saved(IEvaluated trainer)
    {
        var stream = new MemoryStream();
        trainer.SaveState().Save(stream);
        return stream.ToArray();
    }

    private static readonly (string Name, Func<ThreeHeadNet, optim.Optimizer, IEvaluated> Create)[] Trainers =
    [
        ("switch gate", (net, optimizer) => Evaluated.Of(new ThreeHeadGateSwitch(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState())),
        ("latched gate", (net, optimizer) => Evaluated.Of(new ThreeHeadGateLatch(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState())),
        ("device gate", (net, optimizer) => Evaluated.Of(new ThreeHeadDeviceGate(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState())),
        ("phases", (net, optimizer) => Evaluated.Of(new ThreeHeadPhased(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState())),
        ("controls", (net, optimizer) => Evaluated.Of(new ThreeHeadControlled(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState())),
        ("uncertainty", (net, optimizer) => Evaluated.Of(new ThreeHeadUncertainty(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState())),
        ("dwa", (net, optimizer) => Evaluated.Of(new ThreeHeadDwa(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState(), t => t.EndEpoch())),
        ("gradnorm", (net, optimizer) => Evaluated.Of(new ThreeHeadGradNorm(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState())),
        ("pcgrad", (net, optimizer) => Evaluated.Of(new ThreeHeadPCGrad(net, optimizer), (t, x, y) => t.Step(x, y).Total, (t, x, y) => t.Evaluate(x, y).Total, t => t.SaveState())),
    ];

    private interface IEvaluated : IDisposable
    {
        double Step(Tensor input, Tensor labels);

        double Evaluate(Tensor input, Tensor labels);

        TrainerState SaveState();

        void EndEpoch();
    }

    private static class Evaluated
    {
        public static IEvaluated Of<T>(
            T trainer,
            Func<T, Tensor, Tensor, double> step,
            Func<T, Tensor, Tensor, double> evaluate,
            Func<T, TrainerState> save,
            Action<T>? endEpoch = null)
            where T : IDisposable
            => new Adapter<T>(trainer, step, evaluate, save, endEpoch);

        private sealed class Adapter<T>(
            T trainer,
            Func<T, Tensor, Tensor, double> step,
            Func<T, Tensor, Tensor, double> evaluate,
            Func<T, TrainerState> save,
            Action<T>? endEpoch) : IEvaluated
            where T : IDisposable
        {
            public double Step(Tensor input, Tensor labels) => step(trainer, input, labels);

            public double Evaluate(Tensor input, Tensor labels) => evaluate(trainer, input, labels);

            public TrainerState SaveState() => save(trainer);

            public void EndEpoch() => endEpoch?.Invoke(trainer);

            public void Dispose() => trainer.Dispose();
        }
    }
}
