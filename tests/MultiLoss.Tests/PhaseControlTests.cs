using System;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;

namespace MultiLoss.Tests;

/// <summary>The settable Phase property of a trainer that declares phases.</summary>
[TestFixture]
public sealed class PhaseControlTests
{
    [Test]
    public void A_trainer_starts_in_its_first_phase_and_the_setter_moves_it()
    {
        using var batches = new Batches(count: 2, batchSize: 16, seed: 61);
        using var model = Models.Mlp(seed: 62);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new GatedPhasesTrainer(model, optimizer);
        Assert.That(trainer.Phase, Is.EqualTo(1));

        trainer.Phase = 2;
        var result = trainer.Step(batches.Input(0), batches.Label(0));

        Assert.That(result.Phase, Is.EqualTo(2));
        Assert.That(double.IsNaN(result.Sparsity), Is.False, "Sparsity takes part in phase 2");
    }

    [Test]
    public void Setting_a_phase_restarts_its_step_count()
    {
        using var batches = new Batches(count: 2, batchSize: 16, seed: 63);
        using var model = Models.Mlp(seed: 64);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new PhasedBySteps(model, optimizer);

        for (var step = 0; step < PhasedBySteps.PhaseOneSteps - 1; step++) trainer.Step(batches.Input(step), batches.Label(step));
        trainer.Phase = 1;
        var result = trainer.Step(batches.Input(0), batches.Label(0));

        Assert.That(result.Phase, Is.EqualTo(1));
        Assert.That(trainer.Phase, Is.EqualTo(1), "one step after the restart, phase 1 has not ended");
    }

    [TestCase(0)]
    [TestCase(3)]
    public void An_undeclared_phase_is_rejected_with_the_declared_ones(int phase)
    {
        using var model = Models.Mlp(seed: 65);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new GatedPhasesTrainer(model, optimizer);

        Assert.That(() => trainer.Phase = phase, Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("declared phases: 1, 2"));
        Assert.That(trainer.Phase, Is.EqualTo(1));
    }
}
