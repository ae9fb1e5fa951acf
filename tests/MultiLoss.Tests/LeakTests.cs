using System;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;

namespace MultiLoss.Tests;

/// <summary>A generated step frees every tensor it creates: the live count after many steps equals the count after the first.</summary>
[TestFixture]
public sealed class LeakTests
{
    private const int Steps = 200;

    [TestCase(OptimizerKind.SgdMomentum)]
    [TestCase(OptimizerKind.Adam)]
    public void Weighted_step_leaves_no_tensor_behind(OptimizerKind kind)
    {
        using var batches = new Batches(count: 4, batchSize: 16, seed: 21);
        using var model = Models.Mlp(seed: 3);
        using var optimizer = Optimizers.Create(kind, model);
        using var trainer = new WeightedTrainer(model, optimizer);

        _ = trainer.Step(batches.Input(0), batches.Label(0)).Total;
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var step = 1; step < Steps; step++)
        {
            _ = trainer.Step(batches.Input(step), batches.Label(step)).Total;
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    [TestCase(typeof(SeparateTrainer))]
    [TestCase(typeof(GateSwitchTrainer))]
    [TestCase(typeof(GateAddTrainer))]
    [TestCase(typeof(GateLatchTrainer))]
    [TestCase(typeof(PhasedBySteps))]
    [TestCase(typeof(PhasedByCondition))]
    [TestCase(typeof(GatedPhasesTrainer))]
    [TestCase(typeof(SeparateGatedTrainer))]
    [TestCase(typeof(ChainedGatesTrainer))]
    [TestCase(typeof(GuardedTrainer))]
    [TestCase(typeof(ClippedTrainer))]
    [TestCase(typeof(AccumulatingTrainer))]
    [TestCase(typeof(SeparateControlledTrainer))]
    [TestCase(typeof(GatedControlledTrainer))]
    [TestCase(typeof(WarmupTrainer))]
    public void Every_strategy_leaves_no_tensor_behind(Type trainerType)
    {
        using var batches = new Batches(count: 5, batchSize: 16, seed: 24);
        using var model = Models.Mlp(seed: 3);
        using var optimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var trainer = StrategyTrainers.Create(trainerType, model, optimizer);

        trainer.Step(batches.Input(0), batches.Label(0));
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var step = 1; step < Steps; step++)
        {
            trainer.Step(batches.Input(step), batches.Label(step));
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    [Test]
    public void Forward_with_two_outputs_leaves_no_tensor_behind()
    {
        using var batches = new Batches(count: 4, batchSize: 16, seed: 22);
        using var model = Models.TwoHead(seed: 4);
        using var optimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var trainer = new TwoHeadTrainer(model, optimizer);

        trainer.Train(batches.Input(0), batches.Label(0));
        var afterFirstStep = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var step = 1; step < Steps; step++)
        {
            trainer.Train(batches.Input(step), batches.Label(step));
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstStep));
    }

    [Test]
    public void Disposing_the_trainer_frees_its_buffers()
    {
        using var batches = new Batches(count: 1, batchSize: 16, seed: 23);
        using var model = Models.Mlp(seed: 5);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);

        // The first trainer's step also creates what outlives it: gradients and SGD's momentum buffers.
        TrainOneStepAndDispose(model, optimizer, batches);
        var afterFirstTrainer = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        TrainOneStepAndDispose(model, optimizer, batches);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirstTrainer));
    }

    private static void TrainOneStepAndDispose(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model, TorchSharp.torch.optim.Optimizer optimizer, Batches batches)
    {
        using var trainer = new WeightedTrainer(model, optimizer);
        _ = trainer.Step(batches.Input(0), batches.Label(0)).Total;
    }
}
