using System;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>A disposed trainer says so, naming itself, instead of failing inside TorchSharp; disposing twice is harmless.</summary>
[TestFixture]
public sealed class DisposeTests
{
    [Test]
    public void Every_method_of_a_disposed_trainer_throws_ObjectDisposedException_naming_it()
    {
        using var batches = new Batches(count: 1, batchSize: 8, seed: 161);
        using var model = Models.Mlp(seed: 162);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        var trainer = new ResumableTrainer(model, optimizer);
        trainer.Step(batches.Input(0), batches.Label(0));
        var state = trainer.SaveState();

        trainer.Dispose();

        var step = Assert.Throws<ObjectDisposedException>(() => trainer.Step(batches.Input(0), batches.Label(0)))!;
        Assert.That(step.ObjectName, Is.EqualTo(typeof(ResumableTrainer).FullName));
        Assert.That(step.Message, Does.Contain(typeof(ResumableTrainer).FullName));
        Assert.That(() => trainer.SaveState(), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => trainer.RestoreState(state), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void End_of_epoch_after_Dispose_throws_ObjectDisposedException()
    {
        using var model = Models.Mlp(seed: 163);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        var trainer = new DwaTrainer(model, optimizer);

        trainer.Dispose();

        Assert.That(() => trainer.EndEpoch(), Throws.TypeOf<ObjectDisposedException>().With.Property(nameof(ObjectDisposedException.ObjectName)).EqualTo(typeof(DwaTrainer).FullName));
    }

    [Test]
    public void Disposing_twice_frees_once_and_leaves_the_model_and_optimizer_usable()
    {
        using var batches = new Batches(count: 1, batchSize: 8, seed: 164);
        using var model = Models.Mlp(seed: 165);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        var trainer = new ResumableDeviceGateTrainer(model, optimizer);
        trainer.Step(batches.Input(0), batches.Label(0));
        trainer.Dispose();
        var afterDispose = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.That(trainer.Dispose, Throws.Nothing);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterDispose));
        using var successor = new ResumableDeviceGateTrainer(model, optimizer);
        Assert.That(successor.Step(batches.Input(0), batches.Label(0)).StepNumber, Is.EqualTo(1));
    }
}
