using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// A run saved with <see cref="Checkpoint"/> and loaded into a freshly built model, optimizer, trainer and scheduler
/// continues as the run that never stopped, bit for bit: every reported value of every later step, the parameters and
/// the learning rates. The reference is a hand loop of Step, EndEpoch and the scheduler's step that never saves.
/// </summary>
[TestFixture]
public sealed class CheckpointResumeTests
{
    private const int Seed = 41;

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var method in CheckpointRun.Methods)
        {
            yield return new TestCaseData(method, 2, 1).SetArgDisplayNames(method, "mid-epoch");
            yield return new TestCaseData(method, 3, 0).SetArgDisplayNames(method, "at an epoch's start");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void A_resumed_run_equals_the_uninterrupted_run_bit_for_bit(string method, int stopEpoch, int stopBatch)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("run.ckpt");
        using var batches = new Batches(count: CheckpointRun.Epochs * CheckpointRun.BatchesPerEpoch, batchSize: 16, seed: Seed + 100);

        using var uninterrupted = new CheckpointRun(method, Seed);
        uninterrupted.Train(batches, TrainingPosition.Start);

        var stop = new TrainingPosition(stopEpoch, stopBatch, new Dictionary<string, double> { ["best"] = 0.25 });
        using (var stopped = new CheckpointRun(method, Seed))
        {
            stopped.Train(batches, TrainingPosition.Start, stop);
            stopped.Checkpoint.Save(path, stop);
        }

        using var resumed = new CheckpointRun(method, Seed + 1);
        var position = resumed.Checkpoint.Load(path);
        resumed.Train(batches, position);

        Assert.That(position.Epoch, Is.EqualTo(stopEpoch));
        Assert.That(position.BatchInEpoch, Is.EqualTo(stopBatch));
        Assert.That(position.Value("best"), Is.EqualTo(0.25));
        var stepsBefore = stopEpoch * CheckpointRun.BatchesPerEpoch + stopBatch;
        Assert.That(resumed.Reported, Is.EqualTo(uninterrupted.Reported.Skip(stepsBefore)), "every value of every step after the resume");
        Assert.That(resumed.LearningRates, Is.EqualTo(uninterrupted.LearningRates.Skip(stopEpoch)), "the learning rate after each later epoch");
        Assert.That(resumed.Parameters(), Is.EqualTo(uninterrupted.Parameters()), "the parameters at the end");
        Assert.That(resumed.Trainer.StepsTaken, Is.EqualTo(uninterrupted.Trainer.StepsTaken));
    }

    [Test]
    public void The_scheduler_state_matters_to_the_comparison()
    {
        // The control: the checkpoint is loaded into another StepLR, and the run steps a fresh one; then the learning rates
        // differ, so the test above would catch a checkpoint that lost the schedule.
        using var folder = new TempFolder();
        var path = folder.Combine("run.ckpt");
        using var batches = new Batches(count: CheckpointRun.Epochs * CheckpointRun.BatchesPerEpoch, batchSize: 16, seed: Seed + 100);
        using var uninterrupted = new CheckpointRun("weighted", Seed);
        uninterrupted.Train(batches, TrainingPosition.Start);
        var stop = new TrainingPosition(3, 0);
        using (var stopped = new CheckpointRun("weighted", Seed))
        {
            stopped.Train(batches, TrainingPosition.Start, stop);
            stopped.Checkpoint.Save(path, stop);
        }

        using var resumed = new CheckpointRun("weighted", Seed + 1);
        var spare = optim.lr_scheduler.StepLR(resumed.Optimizer, step_size: 2, gamma: 0.5);
        new Checkpoint(resumed.Net, resumed.Optimizer, resumed.Trainer, spare).Load(path);
        resumed.Train(batches, stop);

        Assert.That(resumed.LearningRates, Is.Not.EqualTo(uninterrupted.LearningRates.Skip(stop.Epoch)));
    }

    [Test]
    public void Loading_sets_the_random_generator_to_its_state_at_the_save()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("run.ckpt");
        using var run = new CheckpointRun("weighted", Seed);
        manual_seed(7);
        run.Checkpoint.Save(path, TrainingPosition.Start);
        float[] drawnAfterSave;
        using (var drawn = rand(16)) drawnAfterSave = drawn.data<float>().ToArray();
        float[] drawnWithoutLoad;
        using (var drawn = rand(16)) drawnWithoutLoad = drawn.data<float>().ToArray();

        run.Checkpoint.Load(path);
        float[] drawnAfterLoad;
        using (var drawn = rand(16)) drawnAfterLoad = drawn.data<float>().ToArray();

        Assert.That(drawnAfterLoad, Is.EqualTo(drawnAfterSave));
        Assert.That(drawnWithoutLoad, Is.Not.EqualTo(drawnAfterSave));
    }

    [Test]
    public void Saving_and_loading_leave_no_tensor_behind()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("run.ckpt");
        using var batches = new Batches(count: 3, batchSize: 16, seed: Seed);
        using var run = new CheckpointRun("uncertainty", Seed);
        run.Train(batches, TrainingPosition.Start, new TrainingPosition(0, 2));
        run.Checkpoint.Save(path, TrainingPosition.Start);
        run.Checkpoint.Load(path);
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 3; i++)
        {
            run.Checkpoint.Save(path, TrainingPosition.Start);
            run.Checkpoint.Load(path);
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
    }
}
