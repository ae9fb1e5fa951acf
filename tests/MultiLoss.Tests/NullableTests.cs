using System;
using MultiLoss.Tests.Trainers;
using TorchSharp;
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

    [Test]
    public void A_null_argument_throws_ArgumentNullException_naming_it()
    {
        using var batches = new Batches(count: 1, batchSize: 8, seed: 135);
        using var model = Models.Mlp(seed: 136);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new WeightedTrainer(model, optimizer);

        Assert.That(() => trainer.Step(null!, batches.Label(0)), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("input"));
        Assert.That(() => trainer.Step(batches.Input(0), null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("target"));
        Assert.That(trainer.StepsTaken, Is.Zero);
    }

    [Test]
    public void A_nullable_parameter_every_use_accepts_passes_null_on()
    {
        using var batches = new Batches(count: 1, batchSize: 8, seed: 137);
        using var unweighted = Models.Mlp(seed: 138);
        using var weighted = Models.Mlp(seed: 138);
        using var unweightedOptimizer = Optimizers.Create(OptimizerKind.SgdMomentum, unweighted);
        using var weightedOptimizer = Optimizers.Create(OptimizerKind.SgdMomentum, weighted);
        using var withoutWeights = new OptionalWeightsTrainer(unweighted, unweightedOptimizer);
        using var withEqualWeights = new OptionalWeightsTrainer(weighted, weightedOptimizer);
        using var ones = torch.ones(Models.Classes);

        var passedNull = withoutWeights.Step(batches.Input(0), batches.Label(0), null).Classification;
        var passedOnes = withEqualWeights.Step(batches.Input(0), batches.Label(0), ones).Classification;

        Assert.That(passedNull, Is.EqualTo(passedOnes).Within(1e-6), "no class weights weigh every class equally");
    }

    [Test]
    public void A_nullable_parameter_a_loss_needs_is_checked()
    {
        using var batches = new Batches(count: 1, batchSize: 8, seed: 139);
        using var model = Models.Mlp(seed: 140);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new RequiredWeightsTrainer(model, optimizer);

        Assert.That(() => trainer.Step(batches.Input(0), batches.Label(0), null),
            Throws.ArgumentNullException.With.Property("ParamName").EqualTo("classWeights"));
    }
}
