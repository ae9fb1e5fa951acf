using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using SeedStrategies;
using static TorchSharp.torch;

namespace MultiLoss.SeedStrategies.Tests;

/// <summary>Each strategy's Run, on the device Program would pick: what it prints, and what the losses do.</summary>
public sealed class StrategyTests
{
    private const double TolerancePercent = 0.01; // ToString prints 6 significant digits
    private Device device = null!;

    [OneTimeSetUp]
    public void PickDevice()
    {
        TorchNative.EnsureAvailable();
        device = Program.PickDevice();
    }

    public static IEnumerable<string> StrategyNames => Program.Strategies.Select(s => s.Name);

    private PrintedStep[] Run(string name) => PrintedStep.Run(Program.Strategies.Single(s => s.Name == name).Run, device);

    [TestCaseSource(nameof(StrategyNames))]
    public void PrintsStepOneAndEveryFifthStepToTheLast(string name)
    {
        var steps = Run(name).Select(line => line.Step).ToArray();
        var everyFifth = Enumerable.Range(1, SyntheticTask.Steps / SyntheticTask.PrintEvery).Select(k => (long)k * SyntheticTask.PrintEvery);
        Assert.That(steps, Is.Ordered.Ascending.And.Unique);
        Assert.That(steps.First(), Is.EqualTo(1));
        Assert.That(steps.Last(), Is.EqualTo(SyntheticTask.Steps));
        Assert.That(everyFifth.Except(steps), Is.Empty, "every fifth step is printed");
    }

    [TestCaseSource(nameof(StrategyNames))]
    public void ClassificationIsComputedEveryStepAndFalls(string name)
    {
        var lines = Run(name);
        Assert.That(lines.Select(line => line["Classification"]), Is.All.InRange(1e-6, 10.0));
        Assert.That(lines[^1]["Classification"], Is.LessThan(lines[0]["Classification"]));
    }

    [TestCase("sum")]
    [TestCase("weighted")]
    [TestCase("separate")]
    [TestCase("phased")]
    public void EveryLossAndTheTotalFallFromFirstToLastLine(string name)
    {
        var lines = Run(name);
        var (first, last) = (lines[0], lines[^1]);
        foreach (var loss in new[] { "Classification", "Regression", "Total" })
        {
            Assert.That(last[loss], Is.LessThan(first[loss]), $"{loss}: {first.Line} -> {last.Line}");
        }
    }

    [Test]
    public void SumTotalIsTheSumAndWeightedTotalTheWeightedSum()
    {
        foreach (var line in Run("sum"))
            Assert.That(line["Total"], Is.EqualTo(line["Classification"] + line["Regression"]).Within(TolerancePercent).Percent, line.Line);
        foreach (var line in Run("weighted"))
            Assert.That(line["Total"], Is.EqualTo(0.7 * line["Classification"] + 0.3 * line["Regression"]).Within(TolerancePercent).Percent, line.Line);
    }

    [Test]
    public void SeparateBackwardPrintsTheWeightedSumsNumbers()
    {
        var (separate, weighted) = (Run("separate"), Run("weighted"));
        Assert.That(separate.Select(line => line.Step), Is.EqualTo(weighted.Select(line => line.Step)));
        for (var i = 0; i < separate.Length; i++)
        {
            foreach (var loss in new[] { "Classification", "Regression", "Total" })
                Assert.That(separate[i][loss], Is.EqualTo(weighted[i][loss]).Within(TolerancePercent).Percent, separate[i].Line);
        }
    }

    [Test]
    public void SwitchGateBackpropagatesRegressionInsteadOfClassificationWhileOpen()
    {
        var lines = Run("gate");
        Assert.That(lines.Select(line => line.GateOpen), Does.Contain(true).And.Contain(false), "both gate states occur");
        foreach (var line in lines)
        {
            var open = line.GateOpen!.Value;
            Assert.That(line["Classification"] < ThresholdGateTrainer.Threshold, Is.EqualTo(open), line.Line);
            Assert.That(double.IsNaN(line["Regression"]), Is.EqualTo(!open), line.Line);
            Assert.That(line["Total"], Is.EqualTo(open ? line["Regression"] : line["Classification"]).Within(TolerancePercent).Percent, line.Line);
        }
    }

    [Test]
    public void AddGateBackpropagatesBothWhileOpen()
    {
        var lines = Run("gate-add");
        Assert.That(lines.Select(line => line.GateOpen), Does.Contain(true).And.Contain(false), "both gate states occur");
        foreach (var line in lines)
        {
            var open = line.GateOpen!.Value;
            Assert.That(line["Classification"] < GateAddTrainer.Threshold, Is.EqualTo(open), line.Line);
            Assert.That(double.IsNaN(line["Regression"]), Is.EqualTo(!open), line.Line);
            var expected = open ? line["Classification"] + line["Regression"] : line["Classification"];
            Assert.That(line["Total"], Is.EqualTo(expected).Within(TolerancePercent).Percent, line.Line);
        }
    }

    [Test]
    public void LatchedGateStaysOpenOnceOpened()
    {
        var lines = Run("gate-latch");
        var states = lines.Select(line => line.GateOpen!.Value).ToArray();
        Assert.That(states, Does.Contain(true).And.Contain(false), "both gate states occur");
        Assert.That(states.SkipWhile(open => !open), Is.All.True, "no closed step after the first open one: " + string.Join(", ", states));
        var firstOpen = lines.First(line => line.GateOpen == true);
        Assert.That(firstOpen["Classification"], Is.LessThan(GateLatchTrainer.Threshold), firstOpen.Line);
        Assert.That(lines.Where(line => line.GateOpen == true).Select(line => line["Total"]),
            Is.EqualTo(lines.Where(line => line.GateOpen == true).Select(line => line["Regression"])), "Regression alone is backpropagated");
    }

    [Test]
    public void PhasedRunsPhaseOneForItsStepsThenPhaseTwo()
    {
        foreach (var line in Run("phased"))
        {
            var expected = line.Step <= PhasedTrainer.PhaseOneSteps ? 1 : 2;
            Assert.That(line.Phase, Is.EqualTo(expected), line.Line);
        }
    }
}
