using System;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;

namespace MultiLoss.Tests;

/// <summary>What a step reports: every loss, the total, lazily read without allocating, and never stale.</summary>
[TestFixture]
public sealed class StepResultTests
{
    [Test]
    public void Result_reports_each_loss_and_their_weighted_total()
    {
        using var batches = new Batches(count: 1, batchSize: 16, seed: 31);
        using var model = Models.Mlp(seed: 6);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new WeightedTrainer(model, optimizer);

        var result = trainer.Step(batches.Input(0), batches.Label(0));

        Assert.That(result.StepNumber, Is.EqualTo(1));
        Assert.That(trainer.StepsTaken, Is.EqualTo(1));
        Assert.That(result.Classification, Is.GreaterThan(0));
        Assert.That(result.Confidence, Is.GreaterThan(0));
        Assert.That(result.Total, Is.EqualTo(0.7 * result.Classification + 0.3 * result.Confidence).Within(1e-6));
        Assert.That(WeightedTrainer.StepResult.Layout.LossNames, Is.EqualTo(new[] { "Classification", "Confidence" }));
        Assert.That(result.GetLoss(1), Is.EqualTo(result.Confidence));
        Assert.That(() => result.GetLoss(2), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Reading_a_result_after_the_next_step_throws_instead_of_returning_newer_values()
    {
        using var batches = new Batches(count: 2, batchSize: 16, seed: 32);
        using var model = Models.Mlp(seed: 6);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new WeightedTrainer(model, optimizer);

        var first = trainer.Step(batches.Input(0), batches.Label(0));
        var second = trainer.Step(batches.Input(1), batches.Label(1));

        Assert.That(() => first.Total, Throws.InvalidOperationException.With.Message.Contains("step 1"));
        Assert.That(second.Total, Is.GreaterThan(0));
    }

    [Test]
    public void Reading_results_allocates_nothing_on_the_managed_heap()
    {
        using var batches = new Batches(count: 2, batchSize: 16, seed: 33);
        using var model = Models.Mlp(seed: 6);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new WeightedTrainer(model, optimizer);
        var warmUp = trainer.Step(batches.Input(0), batches.Label(0));
        _ = warmUp.Total + warmUp.Classification + warmUp.Confidence;

        long allocated = 0;
        double sum = 0;
        for (var step = 1; step <= 10; step++)
        {
            var result = trainer.Step(batches.Input(step), batches.Label(step));
            var before = GC.GetAllocatedBytesForCurrentThread();
            sum += result.Classification + result.Confidence + result.Total + result.GetLoss(0);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(sum, Is.GreaterThan(0));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Reading_phase_and_gate_states_allocates_nothing_on_the_managed_heap()
    {
        using var batches = new Batches(count: 5, batchSize: 16, seed: 35);
        using var model = Models.Mlp(seed: 6);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new GatedPhasesTrainer(model, optimizer);
        var warmUp = trainer.Step(batches.Input(0), batches.Label(0));
        _ = warmUp.Total + warmUp.Classification + warmUp.Confidence + warmUp.Sparsity;

        long allocated = 0;
        double sum = 0;
        for (var step = 1; step <= 20; step++)
        {
            var result = trainer.Step(batches.Input(step), batches.Label(step));
            var before = GC.GetAllocatedBytesForCurrentThread();
            sum += result.Phase + (result.ConfidenceGateOpen ? 1 : 0) + result.Classification + result.Total;
            if (!double.IsNaN(result.Sparsity)) sum += result.Sparsity;
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(sum, Is.GreaterThan(0));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void A_default_result_explains_that_it_came_from_no_step()
    {
        var result = default(WeightedTrainer.StepResult);

        Assert.That(() => result.Total, Throws.InvalidOperationException.With.Message.Contains("not returned by a step"));
    }

    [Test]
    public void ToString_is_culture_invariant()
    {
        using var batches = new Batches(count: 1, batchSize: 16, seed: 34);
        using var model = Models.Mlp(seed: 6);
        using var optimizer = Optimizers.Create(OptimizerKind.SgdMomentum, model);
        using var trainer = new WeightedTrainer(model, optimizer);
        var result = trainer.Step(batches.Input(0), batches.Label(0));

        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var text = result.ToString();
            Assert.That(text, Does.StartWith("step 1: Classification="));
            Assert.That(text, Does.Not.Contain(","));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
