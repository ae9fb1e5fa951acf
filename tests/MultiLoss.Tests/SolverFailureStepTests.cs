using System.Linq;
using MultiLoss.Tests.Trainers;
using MultiLoss.Tests.UserMethods;
using MultiLoss.Weighting;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>A gradient-aggregation solver that does not converge: the step is skipped and reported under <c>[SkipNonFinite]</c>, and throws without it.</summary>
[TestFixture]
public sealed class SolverFailureStepTests
{
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
        using var trainer = new TwoHeadFailingSolver(run.Generated, run.GeneratedOptimizer);
        run.Train(FailingSolverAttribute.FailingStep - 1, (_, x, y) => trainer.Step(x, y));

        AggregationSolverException? error = null;
        run.Train(1, (_, x, y) => error = Assert.Throws<AggregationSolverException>(() => trainer.Step(x, y)));

        Assert.That(error!.Method, Is.EqualTo("FailingSolver"));
        Assert.That(error.Step, Is.EqualTo(FailingSolverAttribute.FailingStep));
        Assert.That(error.Iterations, Is.EqualTo(7));
    }

    private static Tensor[] Snapshot(nn.Module module) =>
        module.parameters().Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
}
