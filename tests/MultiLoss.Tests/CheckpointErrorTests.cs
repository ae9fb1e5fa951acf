using System;
using System.IO;
using System.Linq;
using System.Text;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace MultiLoss.Tests;

/// <summary>
/// A file that is not a whole checkpoint of the objects it is loaded into — truncated, foreign, corrupt, of another
/// model shape, trainer, optimizer or scheduler — throws <see cref="InvalidDataException"/> naming the file, what is
/// wrong and the fix, and leaves the model, the optimizer, the trainer and the scheduler exactly as they were. A save
/// that fails leaves the previous checkpoint and no temporary file.
/// </summary>
[TestFixture]
public sealed class CheckpointErrorTests
{
    private const int Seed = 51;

    private TempFolder folder = null!;
    private string saved = null!;

    [SetUp]
    public void SaveOneCheckpoint()
    {
        folder = new TempFolder();
        saved = folder.Combine("run.ckpt");
        using var batches = new Batches(count: 6, batchSize: 16, seed: Seed);
        using var run = new CheckpointRun("dwa", Seed);
        run.Train(batches, TrainingPosition.Start, new TrainingPosition(1, 1));
        run.Checkpoint.Save(saved, new TrainingPosition(1, 1));
    }

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [TestCase(0, "is empty")]
    [TestCase(5, "is truncated")]
    [TestCase(40, "is truncated")]
    [TestCase(200, "is truncated")]
    [TestCase(-1, "is truncated")]
    public void A_truncated_file_is_refused_and_changes_nothing(int keptBytes, string expected)
    {
        var bytes = File.ReadAllBytes(saved);
        var truncated = folder.Combine("truncated.ckpt");
        File.WriteAllBytes(truncated, bytes[..(keptBytes >= 0 ? keptBytes : bytes.Length + keptBytes)]);

        AssertRefusedWithoutChange("dwa", truncated, expected, "use another copy of it or an earlier checkpoint");
    }

    [Test]
    public void Random_bytes_are_refused_and_change_nothing()
    {
        var foreign = folder.Combine("random.bin");
        File.WriteAllBytes(foreign, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());

        AssertRefusedWithoutChange("dwa", foreign, "is not a MultiLoss checkpoint", "Pass a file written by Checkpoint.Save");
    }

    [Test]
    public void A_model_saved_by_TorchSharp_is_refused_and_changes_nothing()
    {
        var foreign = folder.Combine("model.dat");
        using (var net = new ThreeHeadNet(Seed)) net.save(foreign);

        AssertRefusedWithoutChange("dwa", foreign, "is not a MultiLoss checkpoint", "module.load");
    }

    [Test]
    public void A_file_with_a_changed_byte_is_refused_and_changes_nothing()
    {
        var bytes = File.ReadAllBytes(saved);
        bytes[bytes.Length / 2] ^= 0x10;
        var corrupt = folder.Combine("corrupt.ckpt");
        File.WriteAllBytes(corrupt, bytes);

        AssertRefusedWithoutChange("dwa", corrupt, "is corrupt: its content does not match the SHA-256 checksum", "Use another copy");
    }

    [Test]
    public void A_file_of_another_format_version_is_refused()
    {
        var bytes = File.ReadAllBytes(saved);
        bytes[8] = 99;
        var future = folder.Combine("future.ckpt");
        File.WriteAllBytes(future, bytes);

        AssertRefusedWithoutChange("dwa", future, "has format version 99, and this version of MultiLoss reads version 1", "Load it with the version of MultiLoss that wrote it");
    }

    [Test]
    public void A_checkpoint_of_another_model_shape_is_refused_and_changes_nothing()
    {
        var other = folder.Combine("mlp.ckpt");
        using (var small = Mlp(hidden: 16))
        using (var optimizer = optim.Adam(small.parameters()))
        using (var trainer = new WeightedTrainer(small, optimizer))
        {
            new Checkpoint(small, optimizer, trainer).Save(other, TrainingPosition.Start);
        }
        using var wide = Mlp(hidden: 32);
        using var wideOptimizer = optim.Adam(wide.parameters());
        using var wideTrainer = new WeightedTrainer(wide, wideOptimizer);
        var before = Snapshot.Of(wide, wideOptimizer, wideTrainer, scheduler: null);

        var error = Assert.Throws<InvalidDataException>(() => new Checkpoint(wide, wideOptimizer, wideTrainer).Load(other))!;

        Assert.That(error.Message, Does.Contain(other));
        Assert.That(error.Message, Does.Contain("does not fit the model: 'fc1.weight' is Float32 [16, 8] in the checkpoint and Float32 [32, 8] in the model"));
        Assert.That(error.Message, Does.Contain("Build the model as it was when the checkpoint was saved"));
        Snapshot.Of(wide, wideOptimizer, wideTrainer, scheduler: null).AssertEqual(before);
    }

    [Test]
    public void A_checkpoint_of_another_trainer_is_refused_and_changes_nothing()
    {
        AssertRefusedWithoutChange("weighted", saved, "does not fit the trainer", "Build the trainer as the run that saved the checkpoint built it");
    }

    [Test]
    public void A_checkpoint_of_another_optimizer_is_refused_and_changes_nothing()
    {
        using var net = new ThreeHeadNet(Seed + 1);
        using var sgd = optim.SGD(net.parameters(), 0.1, momentum: 0.9);
        using var trainer = new ThreeHeadDwa(net, sgd);
        var scheduler = optim.lr_scheduler.StepLR(sgd, step_size: 2, gamma: 0.5);
        var before = Snapshot.Of(net, sgd, trainer, scheduler);

        var error = Assert.Throws<InvalidDataException>(() => new Checkpoint(net, sgd, trainer, scheduler).Load(saved))!;

        Assert.That(error.Message, Does.Contain(saved));
        Assert.That(error.Message, Does.Contain("does not fit the optimizer"));
        Assert.That(error.Message, Does.Contain("Build the optimizer as the run that saved the checkpoint built it"));
        Snapshot.Of(net, sgd, trainer, scheduler).AssertEqual(before);
    }

    [Test]
    public void A_checkpoint_of_another_scheduler_is_refused_and_changes_nothing()
    {
        using var run = new CheckpointRun("dwa", Seed + 1);
        var cosine = optim.lr_scheduler.CosineAnnealingLR(run.Optimizer, T_max: 10);
        var before = Snapshot.Of(run.Net, run.Optimizer, run.Trainer, cosine);

        var error = Assert.Throws<InvalidDataException>(() => new Checkpoint(run.Net, run.Optimizer, run.Trainer, cosine).Load(saved))!;

        Assert.That(error.Message, Does.Contain("does not fit the scheduler: it holds the state of a StepLR and the scheduler is a CosineAnnealingLR"));
        Snapshot.Of(run.Net, run.Optimizer, run.Trainer, cosine).AssertEqual(before);
    }

    [Test]
    public void A_checkpoint_with_a_scheduler_loaded_without_one_is_refused()
    {
        using var run = new CheckpointRun("dwa", Seed + 1);
        var before = Snapshot.Of(run.Net, run.Optimizer, run.Trainer, scheduler: null);

        var error = Assert.Throws<InvalidDataException>(() => new Checkpoint(run.Net, run.Optimizer, run.Trainer).Load(saved))!;

        Assert.That(error.Message, Does.Contain("holds a learning-rate scheduler's state and no scheduler was given"));
        Assert.That(error.Message, Does.Contain("Pass the run's scheduler to the Checkpoint"));
        Snapshot.Of(run.Net, run.Optimizer, run.Trainer, scheduler: null).AssertEqual(before);
    }

    [Test]
    public void A_save_that_fails_keeps_the_previous_checkpoint_and_leaves_no_temporary_file()
    {
        var previous = File.ReadAllBytes(saved);
        using var run = new CheckpointRun("dwa", Seed + 2);
        using var failing = new FailingTrainer();

        var error = Assert.Throws<IOException>(() => new Checkpoint(run.Net, run.Optimizer, failing).Save(saved, TrainingPosition.Start))!;

        Assert.That(error.Message, Is.EqualTo(FailingTrainer.Failure));
        Assert.That(File.ReadAllBytes(saved), Is.EqualTo(previous));
        Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { saved }), "no temporary file is left");
    }

    [Test]
    public void A_save_that_cannot_rename_keeps_what_is_at_the_path_and_leaves_no_temporary_file()
    {
        var occupied = folder.Combine("occupied");
        Directory.CreateDirectory(occupied);
        using var run = new CheckpointRun("dwa", Seed + 2);

        Assert.That(() => run.Checkpoint.Save(occupied, TrainingPosition.Start), Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());

        Assert.That(Directory.Exists(occupied), Is.True);
        Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { saved }), "no temporary file is left");
    }

    [Test]
    public void An_optimizer_implemented_in_native_code_is_refused_at_construction()
    {
        using var net = new ThreeHeadNet(Seed);
        using var lbfgs = optim.LBFGS(net.parameters());
        using var trainer = new ThreeHeadWeighted(net, lbfgs);

        var error = Assert.Throws<NotSupportedException>(() => _ = new Checkpoint(net, lbfgs, trainer))!;

        Assert.That(error.Message, Does.Contain("LBFGS"));
        Assert.That(error.Message, Does.Contain("Use one of TorchSharp's managed optimizers"));
    }

    [Test]
    public void A_scheduler_of_your_own_is_refused_at_construction()
    {
        using var run = new CheckpointRun("weighted", Seed);
        var own = new HalvingSchedule(run.Optimizer);

        var error = Assert.Throws<NotSupportedException>(() => _ = new Checkpoint(run.Net, run.Optimizer, run.Trainer, own))!;

        Assert.That(error.Message, Does.Contain(typeof(HalvingSchedule).FullName));
        Assert.That(error.Message, Does.Contain("Save the checkpoint without the scheduler"));
    }

    private static void AssertRefusedWithoutChange(string method, string path, string what, string fix)
    {
        using var run = new CheckpointRun(method, Seed + 1);
        var before = Snapshot.Of(run.Net, run.Optimizer, run.Trainer, run.Scheduler);

        var error = Assert.Throws<InvalidDataException>(() => run.Checkpoint.Load(path))!;

        Assert.That(error.Message, Does.StartWith($"The checkpoint '{path}' {what}"));
        Assert.That(error.Message, Does.Contain(fix).IgnoreCase);
        Snapshot.Of(run.Net, run.Optimizer, run.Trainer, run.Scheduler).AssertEqual(before);
    }

    private static nn.Module<Tensor, Tensor> Mlp(int hidden)
        => nn.Sequential(("fc1", nn.Linear(Models.Features, hidden)), ("relu", nn.ReLU()), ("fc2", nn.Linear(hidden, Models.Classes)));

    /// <summary>Everything a load could change, as bytes and numbers: the parameters, the optimizer's and the trainer's state, the schedule.</summary>
    private sealed record Snapshot(float[][] Parameters, byte[] Optimizer, byte[] Trainer, double[] LearningRates, byte[] Random)
    {
        public static Snapshot Of(nn.Module model, optim.Optimizer optimizer, IMultiLossTrainer trainer, LRScheduler? scheduler)
        {
            var optimizerState = new MemoryStream();
            using (var writer = new BinaryWriter(optimizerState, Encoding.UTF8, leaveOpen: true)) ((OptimizerHelper)optimizer).save_state_dict(writer);
            var trainerState = new MemoryStream();
            trainer.SaveState().Save(trainerState);
            using var random = get_rng_state();
            return new Snapshot(
                model.parameters().Select(p => p.data<float>().ToArray()).ToArray(),
                optimizerState.ToArray(),
                trainerState.ToArray(),
                scheduler?.get_last_lr().ToArray() ?? [],
                random.bytes.ToArray());
        }

        public void AssertEqual(Snapshot before)
        {
            Assert.That(Parameters, Is.EqualTo(before.Parameters), "the parameters");
            Assert.That(Optimizer, Is.EqualTo(before.Optimizer), "the optimizer's state");
            Assert.That(Trainer, Is.EqualTo(before.Trainer), "the trainer's state");
            Assert.That(LearningRates, Is.EqualTo(before.LearningRates), "the scheduler's last learning rates");
            Assert.That(Random, Is.EqualTo(before.Random), "the random generator");
        }
    }

    /// <summary>A trainer whose state cannot be saved: the save fails after the checkpoint's first sections are written.</summary>
    private sealed class FailingTrainer : IMultiLossTrainer
    {
        public const string Failure = "No space left on device.";

        public long StepsTaken => 0;

        public TrainerState SaveState() => throw new IOException(Failure);

        public void RestoreState(TrainerState state)
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>A scheduler of a user's own: its fields are unknown to the checkpoint.</summary>
    private sealed class HalvingSchedule(optim.Optimizer optimizer) : LRScheduler(optimizer, -1, false)
    {
        protected override System.Collections.Generic.IEnumerable<double> get_lr() => get_last_lr().Select(rate => rate / 2);
    }
}
