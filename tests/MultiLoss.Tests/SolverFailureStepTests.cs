using System.Linq;
using MultiLoss.Tests.Trainers;
using MultiLoss.Runtime;
using MultiLoss.Tests.UserMethods;
using MultiLoss.Methods;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// A gradient-aggregation solver that does not converge: the step applies the method's fallback weights and reports it;
/// a method that throws <see cref="AggregationSolverException"/> instead has its step skipped and reported under
/// <c>[SkipNonFinite]</c>, and the exception reaches the caller without it.
/// </summary>
[TestFixture]
public sealed class SolverFailureStepTests
{
    [Test]
    public void A_solver_that_fails_applies_the_latest_solved_weights_and_the_step_reports_it()
    {
        using var run = new ThreeHeadRun(seed: 96);
        using var trainer = new TwoHeadFallingBackSolver(run.Generated, run.GeneratedOptimizer);
        var fellBack = new bool[5];
        var classification = new double[5];
        var reconstruction = new double[5];
        Tensor[]? before = null;
        Tensor[]? after = null;

        run.Train(5, (index, x, y) =>
        {
            if (index == FailingSolverAttribute.FailingStep - 1) before = Snapshot(run.Generated);
            var result = trainer.Step(x, y);
            (fellBack[index], classification[index], reconstruction[index]) = (result.FellBack, result.ClassificationWeight, result.ReconstructionWeight);
            if (index == FailingSolverAttribute.FailingStep - 1) after = Snapshot(run.Generated);
        });

        // The k-th aggregation solves for (k, 1); the third falls back to the second's (2, 1). Declared weights 1 and 0.5.
        Assert.That(fellBack, Is.EqualTo(new[] { false, false, true, false, false }));
        Assert.That(classification, Is.EqualTo(new[] { 1.0, 2.0, 2.0, 4.0, 5.0 }));
        Assert.That(reconstruction, Is.EqualTo(new[] { 0.5, 0.5, 0.5, 0.5, 0.5 }));
        Assert.That(Enumerable.Range(0, before!.Length).Any(i => after![i].sub(before[i]).abs().max().item<float>() > 0), Is.True, "the step that fell back trained");
        foreach (var tensor in before.Concat(after!)) tensor.Dispose();
    }

    [Test]
    public void The_fallback_weights_are_saved_with_the_state()
    {
        using var run = new ThreeHeadRun(seed: 95);
        TrainerState saved;
        using (var first = new TwoHeadFallingBackSolver(run.Generated, run.GeneratedOptimizer))
        {
            run.Train(FailingSolverAttribute.FailingStep - 1, (_, x, y) => first.Step(x, y));
            saved = first.SaveState();
        }
        using var resumed = new TwoHeadFallingBackSolver(run.Generated, run.GeneratedOptimizer);
        resumed.RestoreState(saved);

        using var scope = NewDisposeScope();
        var result = resumed.Step(run.Batches.Input(2), run.Batches.Label(2));

        Assert.That(result.FellBack, Is.True);
        Assert.That(result.ClassificationWeight, Is.EqualTo(2.0), "the second step's weights, not the 1/K a fresh method starts from");
    }

    [Test]
    public void With_SkipNonFinite_the_failed_step_is_skipped_reported_and_takes_no_optimizer_step()
    {
        using var run = new ThreeHeadRun(seed: 97);
        using var trainer = new TwoHeadGuardedFailingSolver(run.Generated, run.GeneratedOptimizer);
        var skipped = new bool[5];
        Tensor[]? before = null;
        Tensor[]? after = null;

        run.Train(5, (index, x, y) =>
        {
            if (index == FailingSolverAttribute.FailingStep - 1) before = Snapshot(run.Generated);
            skipped[index] = trainer.Step(x, y).Skipped;
            if (index == FailingSolverAttribute.FailingStep - 1) after = Snapshot(run.Generated);
        });

        Assert.That(skipped, Is.EqualTo(new[] { false, false, true, false, false }));
        Assert.That(trainer.SkippedSteps, Is.EqualTo(1));
        for (var i = 0; i < before!.Length; i++)
        {
            Assert.That(after![i].sub(before[i]).abs().max().item<float>(), Is.EqualTo(0f), $"parameter {i} changed in the skipped step");
        }
        foreach (var tensor in before.Concat(after!)) tensor.Dispose();
    }

    [Test]
    public void Without_SkipNonFinite_the_failure_names_the_method_and_the_step()
    {
        using var run = new ThreeHeadRun(seed: 98);
        using var trainer = new TwoHeadThrowingSolver(run.Generated, run.GeneratedOptimizer);
        run.Train(FailingSolverAttribute.FailingStep - 1, (_, x, y) => trainer.Step(x, y));

        AggregationSolverException? error = null;
        run.Train(1, (_, x, y) => error = Assert.Throws<AggregationSolverException>(() => trainer.Step(x, y)));

        Assert.That(error!.Method, Is.EqualTo("FailingSolver"));
        Assert.That(error.Step, Is.EqualTo(FailingSolverAttribute.FailingStep));
        Assert.That(error.Iterations, Is.EqualTo(7));
    }

    [Test]
    public void A_method_attribute_whose_Create_returns_null_is_named_when_the_trainer_is_created()
    {
        using var run = new ThreeHeadRun(seed: 94);

        var error = Assert.Throws<System.InvalidOperationException>(() => new TwoHeadNullMethod(run.Generated, run.GeneratedOptimizer).Dispose())!;

        Assert.That(error.Message, Does.Contain("'MultiLoss.Tests.Trainers.TwoHeadNullMethod'").And.Contain("[NullMethod]").And.Contain("Create() returned null"));
    }

    private static Tensor[] Snapshot(nn.Module module) =>
        module.parameters().Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
}
