using System;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>Every generated trainer is an <see cref="IMultiLossTrainer"/>: one generic loop drives any of them.</summary>
public sealed class TrainerInterfaceTests
{
    /// <summary>A loop that knows nothing of the trainer but the interface and how to take one step (each epoch the same two batches).</summary>
    private static void TrainEpochs<TTrainer>(TTrainer trainer, ThreeHeadRun run, Action<TTrainer, Tensor, Tensor> step, int epochs)
        where TTrainer : IMultiLossTrainer
    {
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            run.Train(2, (_, x, y) => step(trainer, x, y));
            trainer.EndEpoch();
        }
    }

    [Test]
    public void A_generic_loop_ends_the_epochs_of_a_method_that_works_per_epoch()
    {
        using var run = new ThreeHeadRun(seed: 101);
        using var direct = new ThreeHeadDwa(run.Hand, run.HandOptimizer);
        using var generic = new ThreeHeadDwa(run.Generated, run.GeneratedOptimizer);
        for (var epoch = 0; epoch < 4; epoch++)
        {
            run.Train(2, (_, x, y) => direct.Step(x, y));
            direct.EndEpoch();
        }

        TrainEpochs(generic, run, (t, x, y) => t.Step(x, y), epochs: 4);

        Assert.That(generic.StepsTaken, Is.EqualTo(8));
        run.AssertParametersEqual(tolerance: 0);
    }

    [Test]
    public void A_trainer_without_a_method_has_an_epoch_end_that_does_nothing()
    {
        using var run = new ThreeHeadRun(seed: 102);
        using var reference = new ThreeHeadWeighted(run.Hand, run.HandOptimizer);
        using var trainer = new ThreeHeadWeighted(run.Generated, run.GeneratedOptimizer);
        for (var epoch = 0; epoch < 3; epoch++) run.Train(2, (_, x, y) => reference.Step(x, y));

        TrainEpochs(trainer, run, (t, x, y) => t.Step(x, y), epochs: 3);

        run.AssertParametersEqual(tolerance: 0);
    }

    [Test]
    public void A_generic_checkpoint_resumes_the_run()
    {
        using var run = new ThreeHeadRun(seed: 103);
        using var continuous = new ThreeHeadDwa(run.Hand, run.HandOptimizer);
        run.Train(6, (i, x, y) =>
        {
            continuous.Step(x, y);
            if (i % 2 == 1) continuous.EndEpoch();
        });

        IMultiLossTrainer first = new ThreeHeadDwa(run.Generated, run.GeneratedOptimizer);
        run.Train(3, (i, x, y) =>
        {
            ((ThreeHeadDwa)first).Step(x, y);
            if (i % 2 == 1) first.EndEpoch();
        });
        var state = first.SaveState();
        first.Dispose();
        using IMultiLossTrainer resumed = new ThreeHeadDwa(run.Generated, run.GeneratedOptimizer);
        resumed.RestoreState(state);
        run.Train(6, (i, x, y) =>
        {
            if (i < 3) return;
            ((ThreeHeadDwa)resumed).Step(x, y);
            if (i % 2 == 1) resumed.EndEpoch();
        });

        Assert.That(resumed.StepsTaken, Is.EqualTo(6));
        run.AssertParametersEqual(tolerance: 0);
    }
}
