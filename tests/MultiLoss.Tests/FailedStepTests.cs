using System.Runtime.InteropServices;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// A forward pass or a loss that throws: the exception names what failed, the trainer and the step, and keeps the
/// original; the failed step has not happened (nothing counted, no optimizer step, no tensor left), so training goes on.
/// </summary>
[TestFixture]
public sealed class FailedStepTests
{
    private const int BatchSize = 8;
    private static readonly string Trainer = typeof(FaultTrainer).FullName!;

    [Test]
    public void A_label_out_of_range_names_the_loss_the_trainer_and_the_step()
    {
        using var batches = new Batches(count: 2, batchSize: BatchSize, seed: 141);
        using var model = Models.Mlp(seed: 142);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        using var trainer = new FaultTrainer(model, optimizer);
        using var weights = ClassWeights(Models.Classes);
        using var outOfRange = torch.full(BatchSize, (long)Models.Classes);
        trainer.Step(batches.Input(0), batches.Label(0), weights);

        var failure = Assert.Throws<LossComputationException>(() => trainer.Step(batches.Input(1), outOfRange, weights))!;

        Assert.That(failure.Loss, Is.EqualTo("Classification"));
        Assert.That(failure.Trainer, Is.EqualTo(Trainer));
        Assert.That(failure.Step, Is.EqualTo(2));
        Assert.That(failure.InnerException, Is.TypeOf<ExternalException>().With.Message.Contains("Target 4 is out of bounds"));
        Assert.That(failure.Message, Is.EqualTo($"The loss 'Classification' of trainer '{Trainer}' failed at step 2: Target 4 is out of bounds."),
            "the first line of TorchSharp's message, without its native stack trace");
    }

    [Test]
    public void A_shape_mismatch_in_a_gated_loss_names_that_loss()
    {
        using var batches = new Batches(count: 1, batchSize: BatchSize, seed: 143);
        using var model = Models.Mlp(seed: 144);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        using var trainer = new FaultTrainer(model, optimizer);
        using var tooShort = ClassWeights(Models.Classes - 1);

        var failure = Assert.Throws<LossComputationException>(() => trainer.Step(batches.Input(0), batches.Label(0), tooShort))!;

        Assert.That(failure.Loss, Is.EqualTo("Balanced"));
        Assert.That(failure.Step, Is.EqualTo(1));
        Assert.That(failure.InnerException, Is.TypeOf<ExternalException>());
        Assert.That(failure.Message, Does.StartWith($"The loss 'Balanced' of trainer '{Trainer}' failed at step 1: ").And.Not.Contains("\n"));
    }

    [Test]
    public void A_forward_that_throws_names_the_forward_pass()
    {
        using var batches = new Batches(count: 1, batchSize: BatchSize, seed: 145);
        using var wrongWidth = torch.randn(BatchSize, Models.Features + 1);
        using var model = Models.Mlp(seed: 146);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        using var trainer = new FaultTrainer(model, optimizer);
        using var weights = ClassWeights(Models.Classes);
        using var net = Models.TwoHead(seed: 147);
        using var netOptimizer = optim.SGD(net.parameters(), 0.05);
        using var twoHeads = new TwoHeadTrainer(net, netOptimizer);

        var ofModel = Assert.Throws<ForwardPassException>(() => trainer.Step(wrongWidth, batches.Label(0), weights))!;
        var ofMethod = Assert.Throws<ForwardPassException>(() => twoHeads.Train(wrongWidth, batches.Label(0)))!;

        Assert.That((ofModel.Forward, ofModel.Trainer, ofModel.Step), Is.EqualTo(("model.forward", Trainer, 1L)));
        Assert.That(ofModel.InnerException, Is.TypeOf<ExternalException>().With.Message.Contains("cannot be multiplied"));
        Assert.That(ofModel.Message, Does.StartWith($"The forward pass 'model.forward' of trainer '{Trainer}' failed at step 1: mat1 and mat2 shapes cannot be multiplied"));
        Assert.That((ofMethod.Forward, ofMethod.Trainer), Is.EqualTo(("Forward", typeof(TwoHeadTrainer).FullName)));
    }

    [Test]
    public void A_failed_step_is_not_counted_and_leaves_the_gate_and_the_cycle_as_they_were()
    {
        using var batches = new Batches(count: 1, batchSize: BatchSize, seed: 148);
        using var model = Models.Mlp(seed: 149);
        using var optimizer = optim.SGD(model.parameters(), 0.05);
        using var trainer = new FaultTrainer(model, optimizer);
        using var tooShort = ClassWeights(Models.Classes - 1);
        using var weights = ClassWeights(Models.Classes);

        // Balanced fails after its gate decided to open, in the first call of an accumulation cycle.
        Assert.Throws<LossComputationException>(() => trainer.Step(batches.Input(0), batches.Label(0), tooShort));
        var afterFailure = trainer.SaveState();
        var next = trainer.Step(batches.Input(0), batches.Label(0), weights);

        Assert.That(afterFailure.StepsTaken, Is.Zero);
        Assert.That(afterFailure.Gate("Balanced"), Is.False, "the gate opened in the failed step only");
        Assert.That(afterFailure.CallsInCycle, Is.Zero, "the failed call is not part of the accumulation cycle");
        Assert.That(next.StepNumber, Is.EqualTo(1));
        Assert.That(next.BalancedGateOpen, Is.True);
        Assert.That(next.OptimizerStepped, Is.False, "the valid call is the first of its cycle");
    }

    [Test]
    public void After_failed_steps_training_continues_as_if_they_never_happened()
    {
        const int steps = 9;
        using var batches = new Batches(count: steps, batchSize: BatchSize, seed: 150);
        using var initial = Models.Mlp(seed: 151);
        using var uninterrupted = Models.Mlp(seed: 151);
        using var interrupted = Models.Mlp(seed: 151);
        using var uninterruptedOptimizer = Optimizers.Create(OptimizerKind.SgdMomentum, uninterrupted);
        using var interruptedOptimizer = Optimizers.Create(OptimizerKind.SgdMomentum, interrupted);
        using var reference = new FaultTrainer(uninterrupted, uninterruptedOptimizer);
        using var trainer = new FaultTrainer(interrupted, interruptedOptimizer);
        using var weights = ClassWeights(Models.Classes);
        using var tooShort = ClassWeights(Models.Classes - 1);
        using var outOfRange = torch.full(BatchSize, (long)Models.Classes);
        using var wrongWidth = torch.randn(BatchSize, Models.Features + 1);

        for (var step = 0; step < steps; step++)
        {
            reference.Step(batches.Input(step), batches.Label(step), weights);
            if (step % 2 == 1)
            {
                // In the middle of an accumulation cycle: a counted call would move the optimizer's steps.
                Assert.Throws<ForwardPassException>(() => trainer.Step(wrongWidth, batches.Label(step), weights));
                Assert.Throws<LossComputationException>(() => trainer.Step(batches.Input(step), outOfRange, weights));
                Assert.Throws<LossComputationException>(() => trainer.Step(batches.Input(step), batches.Label(step), tooShort));
            }
            Assert.That(trainer.Step(batches.Input(step), batches.Label(step), weights).StepNumber, Is.EqualTo(step + 1));
        }

        Assert.That(ParameterAssert.Changed(interrupted, initial), Is.True, "the valid steps trained");
        ParameterAssert.Equal(uninterrupted, interrupted, Optimizers.ParameterTolerance(OptimizerKind.SgdMomentum));
    }

    [Test]
    public void Failed_steps_leave_no_tensor_behind()
    {
        using var batches = new Batches(count: 2, batchSize: BatchSize, seed: 152);
        using var model = Models.Mlp(seed: 153);
        using var optimizer = Optimizers.Create(OptimizerKind.Adam, model);
        using var trainer = new FaultTrainer(model, optimizer);
        using var weights = ClassWeights(Models.Classes);
        using var tooShort = ClassWeights(Models.Classes - 1);
        using var outOfRange = torch.full(BatchSize, (long)Models.Classes);
        using var wrongWidth = torch.randn(BatchSize, Models.Features + 1);
        trainer.Step(batches.Input(0), batches.Label(0), weights);
        trainer.Step(batches.Input(1), batches.Label(1), weights);
        var afterValidSteps = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 50; i++)
        {
            Assert.Throws<ForwardPassException>(() => trainer.Step(wrongWidth, batches.Label(i), weights));
            Assert.Throws<LossComputationException>(() => trainer.Step(batches.Input(i), outOfRange, weights));
            Assert.Throws<LossComputationException>(() => trainer.Step(batches.Input(i), batches.Label(i), tooShort));
        }

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterValidSteps));
    }

    private static Tensor ClassWeights(int length) => torch.ones(length);
}
