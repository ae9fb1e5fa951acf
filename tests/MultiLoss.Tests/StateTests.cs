using System;
using System.IO;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// SaveState/RestoreState: a run stopped after some steps and resumed into a new trainer (with the model's weights
/// copied over) ends with the same parameters as the run that never stopped.
/// </summary>
[TestFixture]
public sealed class StateTests
{
    private const int BeforeStop = 10; // the end of an accumulation cycle: a cycle's partial gradients live in the model, not the trainer
    private const int AfterResume = 12;

    [Test]
    public void A_resumed_run_continues_exactly_where_it_stopped()
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 101);
        using var uninterrupted = Models.Mlp(seed: 102);
        using var uninterruptedOptimizer = optim.SGD(uninterrupted.parameters(), 0.05);
        using var reference = new ResumableTrainer(uninterrupted, uninterruptedOptimizer);
        for (var step = 0; step < BeforeStop + AfterResume; step++) reference.Step(batches.Input(step), batches.Label(step));

        using var first = Models.Mlp(seed: 102);
        using var firstOptimizer = optim.SGD(first.parameters(), 0.05);
        var saved = new MemoryStream();
        using (var stopped = new ResumableTrainer(first, firstOptimizer))
        {
            for (var step = 0; step < BeforeStop; step++) stopped.Step(batches.Input(step), batches.Label(step));
            Assert.That(stopped.Phase, Is.EqualTo(2), "the stop falls in phase 2");
            stopped.SaveState().Save(saved);
        }

        using var resumedModel = Models.Mlp(seed: 999);
        CopyParameters(first, resumedModel);
        using var resumedOptimizer = optim.SGD(resumedModel.parameters(), 0.05);
        using var resumed = new ResumableTrainer(resumedModel, resumedOptimizer);
        saved.Position = 0;
        resumed.RestoreState(TrainerState.Load(saved));
        Assert.That(resumed.StepsTaken, Is.EqualTo(BeforeStop));
        for (var step = BeforeStop; step < BeforeStop + AfterResume; step++) resumed.Step(batches.Input(step), batches.Label(step));

        ParameterAssert.Equal(uninterrupted, resumedModel, 1e-6);
        Assert.That(resumed.Phase, Is.EqualTo(reference.Phase));
    }

    [Test]
    public void Without_the_state_the_resumed_run_differs()
    {
        // The control: resuming the weights alone restarts phase 1, the gate, the cycle and the warm-up.
        using var batches = new Batches(count: 5, batchSize: 32, seed: 101);
        using var uninterrupted = Models.Mlp(seed: 102);
        using var uninterruptedOptimizer = optim.SGD(uninterrupted.parameters(), 0.05);
        using var reference = new ResumableTrainer(uninterrupted, uninterruptedOptimizer);
        for (var step = 0; step < BeforeStop + AfterResume; step++) reference.Step(batches.Input(step), batches.Label(step));

        using var first = Models.Mlp(seed: 102);
        using var firstOptimizer = optim.SGD(first.parameters(), 0.05);
        using (var stopped = new ResumableTrainer(first, firstOptimizer))
        {
            for (var step = 0; step < BeforeStop; step++) stopped.Step(batches.Input(step), batches.Label(step));
        }
        using var resumedOptimizer = optim.SGD(first.parameters(), 0.05);
        using var resumed = new ResumableTrainer(first, resumedOptimizer);
        for (var step = BeforeStop; step < BeforeStop + AfterResume; step++) resumed.Step(batches.Input(step), batches.Label(step));

        Assert.That(ParameterAssert.Changed(first, uninterrupted), Is.True);
    }

    [Test]
    public void A_latched_device_gate_is_saved_and_restored()
    {
        using var batches = new Batches(count: 5, batchSize: 32, seed: 103);
        using var model = Models.Mlp(seed: 104);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        using var trainer = new ResumableDeviceGateTrainer(model, optimizer);
        var step = 0;
        while (!trainer.Step(batches.Input(step), batches.Label(step)).ConfidenceGateOpen && step < 50) step++;
        Assert.That(step, Is.LessThan(50), "the gate never opened");

        var state = trainer.SaveState();
        using var restored = new ResumableDeviceGateTrainer(model, optimizer);
        restored.RestoreState(state);

        Assert.That(state.Gate("Confidence"), Is.True);
        Assert.That(restored.SaveState().Gate("Confidence"), Is.True, "the restored gate has opened before its first step");
        Assert.That(restored.Step(batches.Input(0), batches.Label(0)).ConfidenceGateOpen, Is.True, "a restored latched gate stays open");
    }

    [Test]
    public void A_state_round_trips_through_a_stream_and_is_checked_on_restore()
    {
        var state = new TrainerState
        {
            Trainer = "Samples.Trainer",
            StepsTaken = 42,
            Phase = 2,
            StepsInPhase = 7,
            CallsInCycle = 1,
            SkippedSteps = 3,
            Gates = new System.Collections.Generic.Dictionary<string, bool> { ["Confidence"] = true, ["Sparsity"] = false },
        };
        var stream = new MemoryStream();
        state.Save(stream);
        stream.Position = 0;

        var loaded = TrainerState.Load(stream);

        Assert.That(loaded.StepsTaken, Is.EqualTo(42));
        Assert.That(loaded.StepsInPhase, Is.EqualTo(7));
        Assert.That(loaded.Gates, Is.EquivalentTo(state.Gates));
        Assert.That(() => TrainerState.Load(new MemoryStream(new byte[] { 1, 2, 3 })), Throws.TypeOf<InvalidDataException>());
        using var model = Models.Mlp(seed: 105);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        using var other = new ResumableTrainer(model, optimizer);
        Assert.That(() => other.RestoreState(loaded), Throws.ArgumentException.With.Message.Contains("Samples.Trainer"));
    }

    [Test]
    public void A_truncated_state_stream_says_so_at_every_length()
    {
        var stream = new MemoryStream();
        new TrainerState
        {
            Trainer = "Samples.Trainer",
            StepsTaken = 42,
            Gates = new System.Collections.Generic.Dictionary<string, bool> { ["Confidence"] = true },
            Values = new System.Collections.Generic.Dictionary<string, double[]> { ["LogVariances"] = [0.5, -0.5] },
        }.Save(stream);
        var bytes = stream.ToArray();

        for (var length = 1; length < bytes.Length; length++)
        {
            Assert.That(() => TrainerState.Load(new MemoryStream(bytes, 0, length)),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated").Or.Message.Contains("does not hold"), $"cut at {length} of {bytes.Length} bytes");
        }
        Assert.That(TrainerState.Load(new MemoryStream(bytes)).Value("LogVariances"), Is.EqualTo(new[] { 0.5, -0.5 }));
    }

    [Test]
    public void Opaque_method_data_round_trips_and_a_version_2_stream_still_loads()
    {
        var stream = new MemoryStream();
        new TrainerState
        {
            Trainer = "Samples.Trainer",
            StepsTaken = 3,
            Blobs = new System.Collections.Generic.Dictionary<string, byte[]> { ["Weighting.Optimizer"] = [1, 2, 3, 250] },
        }.Save(stream);
        stream.Position = 0;
        Assert.That(TrainerState.Load(stream).Blob("Weighting.Optimizer"), Is.EqualTo(new byte[] { 1, 2, 3, 250 }));

        var version2 = Header(version: 2, stepsTaken: 4, rest: writer =>
        {
            writer.Write(0); // gates
            writer.Write(0); // values; version 2 ends here
        });
        var loaded = TrainerState.Load(version2);
        Assert.That(loaded.StepsTaken, Is.EqualTo(4));
        Assert.That(loaded.Blobs, Is.Empty);

        var hugeBlob = Header(version: 3, rest: writer =>
        {
            writer.Write(0);
            writer.Write(0);
            writer.Write(1);
            writer.Write("Weighting.Optimizer");
            writer.Write(int.MaxValue);
            writer.Write((byte)1);
        });
        Assert.That(() => TrainerState.Load(hugeBlob), Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void A_corrupt_state_stream_is_InvalidDataException_without_a_huge_allocation()
    {
        Assert.That(() => TrainerState.Load(Header(version: 1)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("format version 1"));
        Assert.That(() => TrainerState.Load(Header(stepsTaken: -3)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("corrupt").And.Message.Contains("steps taken"));

        var negativeCount = Header(rest: writer => writer.Write(-1));
        Assert.That(() => TrainerState.Load(negativeCount), Throws.TypeOf<InvalidDataException>().With.Message.Contains("gate count"));

        // A length of 2^31 - 1 doubles in a stream that ends: truncated, not an OutOfMemoryException.
        var hugeArray = Header(rest: writer =>
        {
            writer.Write(0);
            writer.Write(1);
            writer.Write("LogVariances");
            writer.Write(int.MaxValue);
            writer.Write(1.0);
        });
        Assert.That(() => TrainerState.Load(hugeArray), Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void A_state_that_does_not_fit_the_trainer_is_rejected_before_anything_changes()
    {
        using var model = Models.Mlp(seed: 106);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        using var trainer = new ResumableTrainer(model, optimizer);
        var trainerName = typeof(ResumableTrainer).FullName!;

        Assert.That(() => trainer.RestoreState(new TrainerState { Trainer = trainerName, StepsTaken = 5, Phase = 1, CallsInCycle = 2 }),
            Throws.ArgumentException.With.Message.Contains("cycle of 2 calls"));
        Assert.That(() => trainer.RestoreState(new TrainerState { Trainer = trainerName, StepsTaken = 5, Phase = 3 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("declared phases"));
        Assert.That(() => trainer.RestoreState(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("state"));
        Assert.That(trainer.StepsTaken, Is.Zero);
        Assert.That(trainer.SaveState().CallsInCycle, Is.Zero);
    }

    /// <summary>A state stream as <see cref="TrainerState.Save"/> writes it, up to the skipped-step count, then <paramref name="rest"/>.</summary>
    private static MemoryStream Header(int version = 2, long stepsTaken = 0, Action<BinaryWriter>? rest = null)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("MultiLoss.TrainerState");
            writer.Write(version);
            writer.Write("Samples.Trainer");
            writer.Write(stepsTaken);
            writer.Write(0); // phase
            writer.Write(0); // steps in phase
            writer.Write(0); // calls in cycle
            writer.Write(0L); // skipped steps
            rest?.Invoke(writer);
        }
        stream.Position = 0;
        return stream;
    }

    private static void CopyParameters(nn.Module source, nn.Module destination)
    {
        using var noGrad = no_grad();
        var from = source.parameters().GetEnumerator();
        foreach (var to in destination.parameters())
        {
            from.MoveNext();
            to.copy_(from.Current);
        }
    }
}
