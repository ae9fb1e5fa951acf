using System;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using ParetoToy.Experiments;
using ParetoToy.Problem;
using ParetoToy.Reporting;
using ParetoToy.Trainers;

namespace MultiLoss.ParetoToy.Tests;

/// <summary>A method whose step throws is reported as failed runs, and the comparison goes on with the others.</summary>
public sealed class FailedRunTests
{
    [OneTimeSetUp]
    public void LoadTorch() => TorchNative.EnsureAvailable();

    /// <summary>A trainer whose fourth step throws, as a method with no finite answer would.</summary>
    private sealed class ThrowingTrainer : IToyTrainer
    {
        private int steps;

        public bool Train() => ++steps < 4 ? false : throw new InvalidOperationException("the method broke");

        public void Dispose()
        {
        }
    }

    [Test]
    public void A_method_that_throws_is_a_failed_row_and_the_other_methods_run()
    {
        var broken = new ToyMethod("broken", "broken", (_, _) => new ThrowingTrainer());
        var mean = ToyMethods.All.Single(m => m.Name == "mean");

        var results = Comparison.Run([broken, mean], StartingPoints.Paper, new ToySchedule(10, 0.01), new ParetoCriterion(ParetoSet.Compute()));

        var failed = results.Where(r => r.Method == broken).ToArray();
        Assert.That(failed, Has.Length.EqualTo(3));
        Assert.That(failed.Select(r => r.Failure), Has.All.EqualTo("step 4: the method broke"));
        Assert.That(failed.Select(r => r.Outcome.Reached), Has.All.False);
        Assert.That(ResultLines.Verdict(failed[0]), Is.EqualTo("failed"));
        Assert.That(ResultLines.Format(failed[0]), Does.EndWith("failed at step 4: the method broke"));
        var ran = results.Where(r => r.Method == mean).ToArray();
        Assert.That(ran.Select(r => r.Failed).ToArray(), Has.Length.EqualTo(3).And.All.False);
        Assert.That(ran.Select(r => r.Trajectory.Points.Count), Has.All.EqualTo(11), "the start and ten steps");
    }

    [Test]
    public void The_summary_records_failures_and_fallbacks()
    {
        var broken = new ToyMethod("broken", "broken", (_, _) => new ThrowingTrainer());
        var results = Comparison.Run([broken], [StartingPoints.Paper[0]], new ToySchedule(10, 0.01), new ParetoCriterion(ParetoSet.Compute()));

        using var summary = System.Text.Json.JsonDocument.Parse(ToySummary.Format(results, new ToySchedule(10, 0.01)));
        var run = summary.RootElement.GetProperty("runs")[0];

        Assert.That(run.GetProperty("failure").GetString(), Is.EqualTo("step 4: the method broke"));
        Assert.That(run.GetProperty("fallbacks").GetInt32(), Is.EqualTo(0));
        Assert.That(run.GetProperty("reached").GetBoolean(), Is.False);
    }
}
