using System;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;

namespace MultiLoss.Tests;

/// <summary>What the user declared nullable is checked by the step, with an exception naming it.</summary>
[TestFixture]
public sealed class NullableTests
{
    [Test]
    public void A_null_model_is_named()
    {
        using var batches = new Batches(count: 1, batchSize: 8, seed: 131);
        using var model = Models.Mlp(seed: 132);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new NullableTrainer(null, optimizer);

        Assert.That(() => trainer.Step(batches.Input(0), batches.Label(0)),
            Throws.InvalidOperationException.With.Message.Contains("[Model] member 'model' is null"));
    }

    [Test]
    public void A_loss_returning_null_is_named_and_a_non_null_one_trains()
    {
        using var batches = new Batches(count: 1, batchSize: 8, seed: 133);
        using var model = Models.Mlp(seed: 134);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new NullableTrainer(model, optimizer);

        Assert.That(trainer.Step(batches.Input(0), batches.Label(0)).Confidence, Is.GreaterThan(0));
        trainer.ReturnNull = true;
        Assert.That(() => trainer.Step(batches.Input(0), batches.Label(0)),
            Throws.InvalidOperationException.With.Message.Contains("The loss 'Confidence' returned null"));
    }
}
