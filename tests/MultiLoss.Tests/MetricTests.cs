using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// <c>[Metric]</c>: each step and evaluation reports the accuracy of its own forward, as counted by hand on the host;
/// a metric has no graph; training with metrics is bit for bit training without them (a fixed weighting, a weighting
/// method, FAMO, the log loss, UPGrad, and an open method); a failing metric names itself and leaves the step untaken;
/// nothing leaks; the saved state is the state without metrics.
/// </summary>
[TestFixture]
public sealed class MetricTests
{
    private const int Steps = 12;

    /// <summary>A trainer with the two accuracy metrics, seen through delegates.</summary>
    public sealed record MetricTrainer(
        IDisposable Trainer,
        Func<Tensor, Tensor, Reported> Step,
        Func<Tensor, Tensor, Reported> Evaluate,
        Func<TrainerState> Save) : IDisposable
    {
        public void Dispose() => Trainer.Dispose();
    }

    /// <summary>What a step reported: its accuracies and its total.</summary>
    public readonly record struct Reported(double Accuracy, double ParityAccuracy, double Total);

    /// <summary>A trainer without metrics, the twin of a <see cref="MetricTrainer"/>.</summary>
    public sealed record PlainTrainer(IDisposable Trainer, Func<Tensor, Tensor, double> Step, Func<TrainerState> Save) : IDisposable
    {
        public void Dispose() => Trainer.Dispose();
    }

    public sealed record Configuration(
        string Name,
        Func<ThreeHeadNet, optim.Optimizer, MetricTrainer> WithMetrics,
        Func<ThreeHeadNet, optim.Optimizer, PlainTrainer> Without)
    {
        public override string ToString() => Name;
    }

    public static readonly Configuration[] Configurations =
    [
        new("fixed weights",
            (net, o) => Measured(new ThreeHeadWeightedMetrics(net, o), (t, x, y) => t.Step(x, y), (t, x, y) => t.Evaluate(x, y), t => t.SaveState(), r => new(r.Accuracy, r.ParityAccuracy, r.Total)),
            (net, o) => Plain(new ThreeHeadWeighted(net, o), (t, x, y) => t.Step(x, y).Total, t => t.SaveState())),
        new("GLS",
            (net, o) => Measured(new ThreeHeadGlsMetrics(net, o), (t, x, y) => t.Step(x, y), (t, x, y) => t.Evaluate(x, y), t => t.SaveState(), r => new(r.Accuracy, r.ParityAccuracy, r.Total)),
            (net, o) => Plain(new ThreeHeadGls(net, o), (t, x, y) => t.Step(x, y).Total, t => t.SaveState())),
        new("FAMO",
            (net, o) => Measured(new ThreeHeadFamoMetrics(net, o), (t, x, y) => t.Step(x, y), (t, x, y) => t.Evaluate(x, y), t => t.SaveState(), r => new(r.Accuracy, r.ParityAccuracy, r.Total)),
            (net, o) => Plain(new ThreeHeadFamo(net, o), (t, x, y) => t.Step(x, y).Total, t => t.SaveState())),
        new("log loss",
            (net, o) => Measured(new ThreeHeadLogLossMetrics(net, o), (t, x, y) => t.Step(x, y), (t, x, y) => t.Evaluate(x, y), t => t.SaveState(), r => new(r.Accuracy, r.ParityAccuracy, r.Total)),
            (net, o) => Plain(new ThreeHeadLogLoss(net, o), (t, x, y) => t.Step(x, y).Total, t => t.SaveState())),
        new("UPGrad",
            (net, o) => Measured(new ThreeHeadUpGradMetrics(net, o), (t, x, y) => t.Step(x, y), (t, x, y) => t.Evaluate(x, y), t => t.SaveState(), r => new(r.Accuracy, r.ParityAccuracy, r.Total)),
            (net, o) => Plain(new ThreeHeadUpGrad(net, o), (t, x, y) => t.Step(x, y).Total, t => t.SaveState())),
        new("open method: UPGrad",
            (net, o) => Measured(new ThreeHeadOpenMetrics(net, o, new UPGradAttribute()), (t, x, y) => t.Step(x, y), (t, x, y) => t.Evaluate(x, y), t => t.SaveState(), r => new(r.Accuracy, r.ParityAccuracy, r.Total)),
            (net, o) => Plain(new ThreeHeadOpen(net, o, new UPGradAttribute()), (t, x, y) => t.Step(x, y).Total, t => t.SaveState())),
        new("open method: FAMO",
            (net, o) => Measured(new ThreeHeadOpenMetrics(net, o, new FamoAttribute()), (t, x, y) => t.Step(x, y), (t, x, y) => t.Evaluate(x, y), t => t.SaveState(), r => new(r.Accuracy, r.ParityAccuracy, r.Total)),
            (net, o) => Plain(new ThreeHeadOpen(net, o, new FamoAttribute()), (t, x, y) => t.Step(x, y).Total, t => t.SaveState())),
    ];

    [TestCaseSource(nameof(Configurations))]
    public void Each_step_reports_the_accuracies_of_its_own_forward_counted_by_hand(Configuration configuration)
    {
        using var run = new ThreeHeadRun(seed: 51);
        using var trainer = configuration.WithMetrics(run.Generated, run.GeneratedOptimizer);
        var accuracies = new HashSet<double>();

        run.Train(Steps, (step, x, y) =>
        {
            // The step's forward runs on the parameters before its optimizer step: these.
            var (accuracy, parityAccuracy) = HandAccuracies(run.Generated, x, y);

            var reported = trainer.Step(x, y);

            Assert.That(reported.Accuracy, Is.EqualTo(accuracy), $"accuracy at step {step}");
            Assert.That(reported.ParityAccuracy, Is.EqualTo(parityAccuracy), $"parity accuracy at step {step}");
            accuracies.Add(accuracy);
        });
        Assert.That(accuracies, Has.Count.GreaterThan(1), "the accuracy changed during the run, so each step's was its own");
    }

    [TestCaseSource(nameof(Configurations))]
    public void An_evaluation_reports_the_accuracies_of_its_forward_counted_by_hand(Configuration configuration)
    {
        using var run = new ThreeHeadRun(seed: 52);
        using var trainer = configuration.WithMetrics(run.Generated, run.GeneratedOptimizer);
        run.Train(4, (_, x, y) => trainer.Step(x, y));

        for (var batch = 0; batch < run.Batches.Count; batch++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = (run.Batches.Input(batch), run.Batches.Label(batch));
            var (accuracy, parityAccuracy) = HandAccuracies(run.Generated, x, y);

            var reported = trainer.Evaluate(x, y);

            Assert.That(reported.Accuracy, Is.EqualTo(accuracy), $"accuracy on batch {batch}");
            Assert.That(reported.ParityAccuracy, Is.EqualTo(parityAccuracy), $"parity accuracy on batch {batch}");
        }
    }

    [TestCaseSource(nameof(Configurations))]
    public void Training_with_metrics_is_bit_for_bit_training_without_them(Configuration configuration)
    {
        using var run = new ThreeHeadRun(seed: 53);
        using var initial = new ThreeHeadNet(53);
        using var without = configuration.Without(run.Hand, run.HandOptimizer);
        using var with = configuration.WithMetrics(run.Generated, run.GeneratedOptimizer);

        run.Train(Steps, (step, x, y) =>
        {
            var expected = without.Step(x, y);
            var actual = with.Step(x, y).Total;
            Assert.That(actual, Is.EqualTo(expected), $"the total of step {step}");
        });

        run.AssertParametersEqual(0);
        Assert.That(ParameterAssert.Changed(run.Generated, initial), Is.True, "the run trained, so the equality is not vacuous");
        AssertSameState(without.Save(), with.Save());
    }

    [Test]
    public void A_metric_is_computed_without_gradients_and_has_no_graph()
    {
        using var run = new ThreeHeadRun(seed: 54);
        using var trainer = new ThreeHeadMetricProbe(run.Generated, run.GeneratedOptimizer);
        using var scope = NewDisposeScope();
        var (x, y) = (run.Batches.Input(0), run.Batches.Label(0));

        var step = trainer.Step(x, y);
        Assert.That(trainer.GradientsWereOn, Is.False, "gradients are off while a step computes its metrics");
        Assert.That(trainer.InputHadGraph, Is.True, "the control: the forward output the metric takes has a graph");
        Assert.That(trainer.ResultHadGraph, Is.False, "the metric has none");
        Assert.That(step.Confidence, Is.InRange(0.25, 1.0), "the mean largest probability of four classes");

        trainer.Evaluate(x, y);
        Assert.That(trainer.GradientsWereOn, Is.False);
        Assert.That(trainer.InputHadGraph, Is.False, "an evaluation's forward has no graph");
        Assert.That(trainer.ResultHadGraph, Is.False);
    }

    [Test]
    public void A_metric_is_computed_in_every_step_whatever_the_gates()
    {
        using var run = new ThreeHeadRun(seed: 55);
        using var trainer = new ThreeHeadGlsMetrics(run.Generated, run.GeneratedOptimizer);
        var gateClosed = 0;

        run.Train(Steps, (step, x, y) =>
        {
            var r = trainer.Step(x, y);
            if (!double.IsNaN(r.Parity)) return;
            gateClosed++;
            Assert.That(r.ParityAccuracy, Is.InRange(0.0, 1.0), $"step {step}: the parity head's accuracy while its loss rests");
        });
        Assert.That(gateClosed, Is.GreaterThan(0), "some step had the parity loss switched off");
    }

    [Test]
    public void The_layout_lists_each_metric_after_the_total_with_its_kind_and_the_line_shows_it()
    {
        var layout = ThreeHeadWeightedMetrics.StepResult.Layout;
        Assert.That(layout.Names, Is.EqualTo(new[] { "Classification", "Parity", "Reconstruction", "Total", "Accuracy", "Parity accuracy" }));
        Assert.That(Enumerable.Range(0, layout.Count).Select(i => layout[i].Kind), Is.EqualTo(new[]
        {
            ReportValueKind.Loss, ReportValueKind.Loss, ReportValueKind.Loss, ReportValueKind.Total, ReportValueKind.Metric, ReportValueKind.Metric,
        }));
        Assert.That(layout.LossNames, Is.EqualTo(new[] { "Classification", "Parity", "Reconstruction" }), "a metric is no loss");
        Assert.That(layout.DeviceValueCount, Is.EqualTo(6), "the metrics are kept on the device");

        using var run = new ThreeHeadRun(seed: 56);
        using var trainer = new ThreeHeadWeightedMetrics(run.Generated, run.GeneratedOptimizer);
        using var scope = NewDisposeScope();
        var r = trainer.Step(run.Batches.Input(0), run.Batches.Label(0));
        Assert.That(r.GetValue(4), Is.EqualTo(r.Accuracy));
        Assert.That(r.GetValue(5), Is.EqualTo(r.ParityAccuracy));
        Assert.That(r.ToString(), Does.Contain(FormattableString.Invariant($"Total={r.Total:G6} Accuracy={r.Accuracy:G6} Parity accuracy={r.ParityAccuracy:G6}")));
    }

    [TestCase(FaultyMetricTrainer.Fault.Throws, "the metric failed", typeof(InvalidOperationException))]
    [TestCase(FaultyMetricTrainer.Fault.PerSample, "A metric must be one value, but this one has shape [32]", typeof(ArgumentException))]
    [TestCase(FaultyMetricTrainer.Fault.Null, "The metric returned null", typeof(ArgumentException))]
    public void A_failing_metric_names_itself_and_the_step_is_not_taken(FaultyMetricTrainer.Fault fault, string cause, Type inner)
    {
        using var run = new ThreeHeadRun(seed: 57);
        using var untouched = new ThreeHeadNet(57);
        using var trainer = new FaultyMetricTrainer(run.Generated, run.GeneratedOptimizer) { Next = fault };
        using var scope = NewDisposeScope();
        var (x, y) = (run.Batches.Input(0), run.Batches.Label(0));

        var thrown = Assert.Throws<MetricComputationException>(() => trainer.Step(x, y))!;
        Assert.That(thrown.Metric, Is.EqualTo("Hits"));
        Assert.That(thrown.Trainer, Is.EqualTo(typeof(FaultyMetricTrainer).FullName));
        Assert.That(thrown.Step, Is.EqualTo(1));
        Assert.That(thrown.Message, Does.StartWith($"The metric 'Hits' of trainer '{typeof(FaultyMetricTrainer).FullName}' failed at step 1: {cause}"));
        Assert.That(thrown.InnerException, Is.TypeOf(inner));
        Assert.That(trainer.StepsTaken, Is.Zero, "the failed step was not taken");
        ParameterAssert.Equal(untouched, run.Generated, 0);

        trainer.Next = FaultyMetricTrainer.Fault.None;
        var hits = HandHits(run.Generated, x, y);
        var r = trainer.Step(x, y);
        Assert.That(r.StepNumber, Is.EqualTo(1));
        Assert.That(r.Hits, Is.EqualTo(hits), "an integer count is reported as its value");
    }

    [TestCaseSource(nameof(Configurations))]
    public void Steps_and_evaluations_with_metrics_leave_no_tensor_behind(Configuration configuration)
    {
        using var run = new ThreeHeadRun(seed: 58);
        using var trainer = configuration.WithMetrics(run.Generated, run.GeneratedOptimizer);
        var (x, y) = (run.Batches.Input(0), run.Batches.Label(0));
        _ = trainer.Step(x, y).Accuracy;
        _ = trainer.Evaluate(x, y).Accuracy;
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var step = 1; step < 60; step++)
        {
            _ = trainer.Step(run.Batches.Input(step), run.Batches.Label(step)).Accuracy;
            _ = trainer.Evaluate(run.Batches.Input(step + 1), run.Batches.Label(step + 1)).ParityAccuracy;
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }

    /// <summary>The fraction of rows whose largest score is at the label, and of those whose parity head's is at label mod 2.</summary>
    private static (double Accuracy, double ParityAccuracy) HandAccuracies(ThreeHeadNet net, Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (logits, parity, _) = net.forward(input);
        var truth = labels.data<long>().ToArray();
        var parityTruth = truth.Select(label => label % 2).ToArray();
        return (Fraction(ArgMaxRows(logits), truth), Fraction(ArgMaxRows(parity), parityTruth));
    }

    private static double HandHits(ThreeHeadNet net, Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = ArgMaxRows(net.forward(input).logits);
        var truth = labels.data<long>().ToArray();
        var hits = 0;
        for (var i = 0; i < truth.Length; i++) hits += predicted[i] == truth[i] ? 1 : 0;
        return hits;
    }

    /// <summary>Each row's index of its largest score (the first, on a tie), read on the host.</summary>
    private static long[] ArgMaxRows(Tensor scores)
    {
        var rows = (int)scores.shape[0];
        var columns = (int)scores.shape[1];
        var values = scores.contiguous().data<float>().ToArray();
        var best = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 1; c < columns; c++)
            {
                if (values[r * columns + c] > values[r * columns + best[r]]) best[r] = c;
            }
        }
        return best;
    }

    private static double Fraction(long[] predicted, long[] truth)
    {
        var right = 0;
        for (var i = 0; i < truth.Length; i++) right += predicted[i] == truth[i] ? 1 : 0;
        return (double)right / truth.Length;
    }

    private static void AssertSameState(TrainerState without, TrainerState with)
    {
        Assert.That(with.StepsTaken, Is.EqualTo(without.StepsTaken));
        Assert.That(with.Gates, Is.EqualTo(without.Gates));
        Assert.That(with.Values.Keys, Is.EquivalentTo(without.Values.Keys));
        foreach (var (name, values) in without.Values) Assert.That(with.Values[name], Is.EqualTo(values), name);
        Assert.That(with.Blobs.Keys, Is.EquivalentTo(without.Blobs.Keys));
        foreach (var (name, blob) in without.Blobs) Assert.That(with.Blobs[name], Is.EqualTo(blob), name);
    }

    private static MetricTrainer Measured<TTrainer, TResult>(
        TTrainer trainer,
        Func<TTrainer, Tensor, Tensor, TResult> step,
        Func<TTrainer, Tensor, Tensor, TResult> evaluate,
        Func<TTrainer, TrainerState> save,
        Func<TResult, Reported> read)
        where TTrainer : IDisposable
        => new(trainer, (x, y) => read(step(trainer, x, y)), (x, y) => read(evaluate(trainer, x, y)), () => save(trainer));

    private static PlainTrainer Plain<TTrainer>(TTrainer trainer, Func<TTrainer, Tensor, Tensor, double> step, Func<TTrainer, TrainerState> save)
        where TTrainer : IDisposable
        => new(trainer, (x, y) => step(trainer, x, y), () => save(trainer));
}
