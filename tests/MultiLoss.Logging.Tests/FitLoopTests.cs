using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Logging.Tests;

/// <summary>
/// The fit loop against the loop written by hand: the same steps, evaluations, epoch ends and scheduler steps give the
/// same parameters and, for each epoch, the means a hand computation takes of every value the steps and evaluations
/// reported, bit for bit. Early stopping against scripted values; resuming against the fit that never stopped.
/// </summary>
[TestFixture]
public sealed class FitLoopTests
{
    private const int Seed = 61;
    private const int Epochs = 5;

    [Test]
    public void The_loop_equals_a_hand_written_loop_bit_for_bit()
    {
        using var hand = new FitRun(Seed);
        var handTraining = new List<double[]>();
        var handValidation = new List<double[]>();
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            var steps = new List<double[]>();
            foreach (var batch in hand.Training(epoch))
            {
                using var scope = NewDisposeScope();
                steps.Add(Values(hand.Trainer.Step(batch.Input, batch.Target)));
            }
            var evaluations = new List<double[]>();
            foreach (var batch in hand.Validation)
            {
                using var scope = NewDisposeScope();
                evaluations.Add(Values(hand.Trainer.Evaluate(batch.Input, batch.Target)));
            }
            hand.Trainer.EndEpoch();
            hand.Scheduler.step();
            handTraining.Add(HandMeans(steps));
            handValidation.Add(HandMeans(evaluations));
        }

        using var fitted = new FitRun(Seed);
        var loop = Loop(fitted);
        var epochs = new List<FitEpoch>();
        loop.EpochEnded += (_, epoch) =>
        {
            epochs.Add(epoch);
            fitted.Scheduler.step();
        };
        var result = loop.Run(fitted.Training, _ => fitted.Validation);

        Assert.That(fitted.Parameters(), Is.EqualTo(hand.Parameters()), "the parameters");
        Assert.That(epochs.Select(e => e.Epoch), Is.EqualTo(Enumerable.Range(0, Epochs)));
        Assert.That(epochs.Select(e => e.TrainingMeans!.Values.ToArray()), Is.EqualTo(handTraining), "each epoch's training means");
        Assert.That(epochs.Select(e => e.ValidationMeans!.Values.ToArray()), Is.EqualTo(handValidation), "each epoch's validation means");
        Assert.That(epochs.Select(e => e.TrainingMeans!.StepCount), Is.All.EqualTo(FitRun.TrainingBatches));
        Assert.That(result.EpochsCompleted, Is.EqualTo(Epochs));
        Assert.That(result.Position.Epoch, Is.EqualTo(Epochs));
        Assert.That(fitted.Trainer.StepsTaken, Is.EqualTo(Epochs * FitRun.TrainingBatches));
    }

    [Test]
    public void The_loop_reads_no_training_step_on_the_host_and_writes_every_report_to_the_sinks()
    {
        using var run = new FitRun(Seed);
        var reads = new DeviceReadCounter();
        var stepSink = new CountingSink();
        var evaluationSink = new CountingSink();
        using var stepReports = new TrainingReports(1, stepSink);
        using var evaluationReports = new TrainingReports(1, evaluationSink);
        var loop = new FitLoop<FitBatch, CountingReport<FitTrainer.StepResult>>(run.Trainer, b => new(run.Trainer.Step(b.Input, b.Target), reads))
        {
            Evaluate = b => new(run.Trainer.Evaluate(b.Input, b.Target), new DeviceReadCounter()),
            Epochs = 3,
            Reports = stepReports,
            EvaluationReports = evaluationReports,
        };
        var withoutSinks = new FitLoop<FitBatch, CountingReport<FitTrainer.StepResult>>(run.Trainer, b => new(run.Trainer.Step(b.Input, b.Target), reads)) { Epochs = 3 };

        withoutSinks.Run(run.Training);
        var readsWithoutSinks = reads.Reads;
        loop.Run(run.Training, _ => run.Validation);

        Assert.That(readsWithoutSinks, Is.Zero, "the epoch means are summed on the device");
        Assert.That(stepSink.Writes, Is.EqualTo(3 * FitRun.TrainingBatches));
        Assert.That(evaluationSink.Writes, Is.EqualTo(3 * run.Validation.Count));
    }

    [Test]
    public void Progress_is_told_about_every_epoch_in_order()
    {
        using var run = new FitRun(Seed);
        var progress = new RecordingProgress<FitEpoch>();
        var raised = new List<FitEpoch>();
        var loop = new FitLoop<FitBatch, FitTrainer.StepResult>(run.Trainer, b => run.Trainer.Step(b.Input, b.Target)) { Epochs = 3, Progress = progress };
        loop.EpochEnded += (_, epoch) => raised.Add(epoch);

        loop.Run(run.Training);

        Assert.That(progress.Reports.Select(e => e.Epoch), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(progress.Reports, Is.EqualTo(raised));
        Assert.That(progress.Reports.Select(e => e.Epochs), Is.All.EqualTo(3));
    }

    // Each script is read by hand: the first mean is the first best; a mean improves when it beats the best by more
    // than the minimum change; the loop stops after `patience` epochs in a row that do not.
    [TestCase(new[] { 5.0, 4.0, 3.0, 3.5, 2.98, 3.1, 1.0, 1.5 }, MonitorGoal.Minimize, 2, 0.05, 5, 2, TestName = "Minimize, patience 2, min delta 0.05: 2.98 is not 0.05 below 3, stops after epoch 4")]
    [TestCase(new[] { 5.0, 4.0, 3.0, 3.5, 2.98, 3.1, 1.0, 1.5 }, MonitorGoal.Minimize, 2, 0.0, 8, 6, TestName = "Minimize, patience 2, no min delta: 2.98 improves, runs to the end, best epoch 6")]
    [TestCase(new[] { 0.5, 0.6, 0.55, 0.58, 0.9, 0.95 }, MonitorGoal.Maximize, 2, 0.0, 4, 1, TestName = "Maximize, patience 2: stops after epoch 3, best epoch 1")]
    [TestCase(new[] { 0.5, 0.6, 0.55, 0.58, 0.9, 0.95 }, MonitorGoal.Maximize, 3, 0.0, 6, 5, TestName = "Maximize, patience 3: runs to the end, best epoch 5")]
    [TestCase(new[] { double.NaN, 2.0, 2.0, 2.0 }, MonitorGoal.Minimize, 2, 0.0, 4, 1, TestName = "NaN never improves, an equal value does not either: stops after epoch 3, best epoch 1")]
    public void Early_stopping_stops_at_the_epoch_the_script_says_and_keeps_the_best_epoch(double[] validation, MonitorGoal goal, int patience, double minDelta, int expectedEpochs, int expectedBest)
    {
        using var folder = new TempFolder();
        using var trainer = new ScriptedTrainer();
        var checkpoint = new Checkpoint(trainer.Model, trainer.Optimizer, trainer);
        var loop = new FitLoop<ScriptedBatch, StepReport>(trainer, trainer.Step)
        {
            Evaluate = trainer.Evaluate,
            Epochs = validation.Length,
            Monitor = new FitMonitor("Total", goal) { Patience = patience, MinDelta = minDelta },
            Checkpoint = checkpoint,
            BestCheckpointPath = folder.Combine("best.ckpt"),
        };
        var epochs = new List<FitEpoch>();
        loop.EpochEnded += (_, epoch) => epochs.Add(epoch);

        var result = loop.Run(epoch => [new(epoch, 1.0), new(epoch, 2.0)], epoch => [new(epoch, validation[epoch])]);

        Assert.That(result.EpochsCompleted, Is.EqualTo(expectedEpochs));
        Assert.That(result.StoppedEarly, Is.EqualTo(expectedEpochs < validation.Length));
        Assert.That(result.BestEpoch, Is.EqualTo(expectedBest));
        Assert.That(result.Best, Is.EqualTo((double)(float)validation[expectedBest]));
        Assert.That(epochs.Select(e => e.Monitored), Is.EqualTo(validation.Take(expectedEpochs).Select(v => (double)(float)v)));
        Assert.That(epochs.Select(e => e.TrainingMean("Total")), Is.All.EqualTo(1.5), "the training mean of the two steps");
        using var restored = new ScriptedTrainer();
        new Checkpoint(restored.Model, restored.Optimizer, restored).Load(loop.BestCheckpointPath!);
        Assert.That(restored.EpochInModel, Is.EqualTo(expectedBest), "the best checkpoint is the best epoch's");
    }

    [TestCase(0, TestName = "Resumed at an epoch's start")]
    [TestCase(2, TestName = "Resumed in the middle of an epoch")]
    public void A_resumed_fit_equals_the_fit_that_never_stopped(int stopBatch)
    {
        const int StopEpoch = 2;
        using var folder = new TempFolder();
        var last = folder.Combine("last.ckpt");
        using var uninterrupted = new FitRun(Seed);
        var expected = new List<FitEpoch>();
        var expectedResult = Fit(uninterrupted, expected);

        using (var cancellation = new CancellationTokenSource())
        using (var stopped = new FitRun(Seed))
        {
            var loop = Loop(stopped, last);
            loop.EpochEnded += (_, _) => stopped.Scheduler.step();
            if (stopBatch == 0) loop.EpochEnded += (_, epoch) => { if (epoch.Epoch == StopEpoch - 1) cancellation.Cancel(); };
            IEnumerable<FitBatch> Training(int epoch)
            {
                var batch = 0;
                foreach (var b in stopped.Training(epoch))
                {
                    // Cancelled while the last batch before the stop is fetched: the loop sees it before fetching the next.
                    if (epoch == StopEpoch && batch++ == stopBatch - 1) cancellation.Cancel();
                    yield return b;
                }
            }
            Assert.Throws<OperationCanceledException>(() => loop.Run(Training, _ => stopped.Validation, cancellationToken: cancellation.Token));
        }

        using var resumed = new FitRun(Seed + 1);
        var epochs = new List<FitEpoch>();
        var resumedLoop = Loop(resumed, last);
        resumedLoop.EpochEnded += (_, epoch) =>
        {
            epochs.Add(epoch);
            resumed.Scheduler.step();
        };
        var result = resumedLoop.Resume(last, resumed.Training, _ => resumed.Validation);

        Assert.That(resumed.Parameters(), Is.EqualTo(uninterrupted.Parameters()), "the parameters at the end");
        Assert.That(epochs.Select(e => e.Epoch), Is.EqualTo(Enumerable.Range(StopEpoch, Epochs - StopEpoch)));
        Assert.That(epochs.Select(e => e.ValidationMeans!.Values.ToArray()), Is.EqualTo(expected.Skip(StopEpoch).Select(e => e.ValidationMeans!.Values.ToArray())));
        var fullEpochs = stopBatch == 0 ? 0 : 1;   // resumed mid-epoch, that epoch's training means cover the steps after the resume
        Assert.That(epochs.Skip(fullEpochs).Select(e => e.TrainingMeans!.Values.ToArray()), Is.EqualTo(expected.Skip(StopEpoch + fullEpochs).Select(e => e.TrainingMeans!.Values.ToArray())));
        Assert.That(epochs[0].TrainingMeans!.StepCount, Is.EqualTo(FitRun.TrainingBatches - stopBatch));
        Assert.That((result.Best, result.BestEpoch, result.EpochsCompleted), Is.EqualTo((expectedResult.Best, expectedResult.BestEpoch, expectedResult.EpochsCompleted)), "the monitor's state carried over");
        Assert.That(epochs.Select(e => e.EpochsWithoutImprovement), Is.EqualTo(expected.Skip(StopEpoch).Select(e => e.EpochsWithoutImprovement)));
    }

    [Test]
    public void A_monitored_value_that_is_not_reported_is_named_with_the_values_that_are()
    {
        using var run = new FitRun(Seed);
        var loop = new FitLoop<FitBatch, FitTrainer.StepResult>(run.Trainer, b => run.Trainer.Step(b.Input, b.Target)) { Monitor = new FitMonitor("Accuracy") };

        var error = Assert.Throws<KeyNotFoundException>(() => loop.Run(run.Training))!;

        Assert.That(error.Message, Does.Contain("No reported value is named 'Accuracy'; the values are: Classification, Confidence, Total"));
    }

    [Test]
    public void Settings_that_do_not_fit_together_are_refused_before_a_step()
    {
        using var run = new FitRun(Seed);
        FitLoop<FitBatch, FitTrainer.StepResult> With(Func<FitLoop<FitBatch, FitTrainer.StepResult>, FitLoop<FitBatch, FitTrainer.StepResult>> configure)
            => configure(new FitLoop<FitBatch, FitTrainer.StepResult>(run.Trainer, b => run.Trainer.Step(b.Input, b.Target)));

        Assert.That(() => With(l => l).Run(run.Training, _ => run.Validation), Throws.InvalidOperationException.With.Message.Contains("set Evaluate"));
        Assert.That(
            () => new FitLoop<FitBatch, FitTrainer.StepResult>(run.Trainer, b => run.Trainer.Step(b.Input, b.Target)) { LastCheckpointPath = "last.ckpt" }.Run(run.Training),
            Throws.InvalidOperationException.With.Message.Contains("needs a Checkpoint"));
        Assert.That(
            () => new FitLoop<FitBatch, FitTrainer.StepResult>(run.Trainer, b => run.Trainer.Step(b.Input, b.Target)) { Checkpoint = run.Checkpoint, BestCheckpointPath = "best.ckpt" }.Run(run.Training),
            Throws.InvalidOperationException.With.Message.Contains("set Monitor"));
        Assert.That(() => new FitMonitor("Total") { Patience = 0 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new FitMonitor("Total") { MinDelta = -1 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(run.Trainer.StepsTaken, Is.Zero);
    }

    private static FitLoop<FitBatch, FitTrainer.StepResult> Loop(FitRun run, string? last = null) => new(run.Trainer, b => run.Trainer.Step(b.Input, b.Target))
    {
        Evaluate = b => run.Trainer.Evaluate(b.Input, b.Target),
        Epochs = Epochs,
        Monitor = new FitMonitor("Classification") { Patience = 10 },
        Checkpoint = run.Checkpoint,
        LastCheckpointPath = last,
    };

    private static FitResult Fit(FitRun run, List<FitEpoch> epochs)
    {
        var loop = Loop(run);
        loop.EpochEnded += (_, epoch) =>
        {
            epochs.Add(epoch);
            run.Scheduler.step();
        };
        return loop.Run(run.Training, _ => run.Validation);
    }

    private static double[] Values<TReport>(TReport report) where TReport : ITrainingReport
    {
        var values = new double[report.Layout.Count];
        for (var i = 0; i < values.Length; i++) values[i] = report.GetValue(i);
        return values;
    }

    /// <summary>Each value's mean over the reports that have it (not NaN), summed in order; NaN when none has it.</summary>
    private static double[] HandMeans(List<double[]> reports)
    {
        var means = new double[reports[0].Length];
        for (var i = 0; i < means.Length; i++)
        {
            double sum = 0;
            var count = 0;
            foreach (var report in reports)
            {
                if (double.IsNaN(report[i])) continue;
                sum += report[i];
                count++;
            }
            means[i] = count == 0 ? double.NaN : sum / count;
        }
        return means;
    }
}
