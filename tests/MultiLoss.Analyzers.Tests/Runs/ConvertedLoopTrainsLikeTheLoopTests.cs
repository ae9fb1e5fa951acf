using System.Collections.Generic;
using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using MultiLoss.CodeFixes;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests.Runs;

/// <summary>
/// Each strategy loop and the trainer its conversion makes, both compiled with the generator and run on TorchSharp-cpu
/// from the same weights and data: the parameters must end equal. Adam where every loss trains every step; plain SGD
/// for the gate and the phases, where a head sits out some steps: the loop's zero_grad fills its gradient with zeros,
/// the trainer sets it to none (PyTorch's zero_grad), which plain SGD treats alike and Adam does not.
/// </summary>
public sealed class ConvertedLoopTrainsLikeTheLoopTests
{
    private const double Tolerance = 1e-5;

    public static IEnumerable<TestCaseData> Runs()
    {
        yield return Case(StrategyLoops.WeightedSum, adam: true, control: null);
        yield return Case(StrategyLoops.InlineWeightedSum, adam: true, control: null);
        yield return Case(StrategyLoops.SeparateBackward, adam: true, control: null);
        // The controls change what decides the strategy: a gate that never opens, a first phase that never ends. They
        // must train differently, or this run would not show that the gate opened or the phase changed.
        yield return Case(StrategyLoops.ThresholdGate, adam: false, control: ("< 1.2", "< -1.0"));
        yield return Case(StrategyLoops.ThresholdGateAdding, adam: false, control: ("1.2f >", "-1f >"));
        yield return Case(StrategyLoops.PhasesByStepCount, adam: false, control: ("step < 4", "step < 1000"));
    }

    private static TestCaseData Case(StrategyLoops.Loop loop, bool adam, (string From, string To)? control)
        => new TestCaseData(loop, adam, control?.From, control?.To).SetArgDisplayNames(loop.Name, adam ? "Adam" : "SGD");

    [TestCaseSource(nameof(Runs))]
    public async Task The_trainer_ends_with_the_loops_parameters(StrategyLoops.Loop loop, bool adam, string? controlFrom, string? controlTo)
    {
        var converted = await LoopWorkspace.FixAsync(loop.Source, "MLA0005", new ConvertToTrainerCodeFixProvider());
        Assert.That(converted, Does.Contain("trainer.Step("));

        var byLoop = LoopRunner.Train(loop.Source, adam);
        var byTrainer = LoopRunner.Train(converted, adam);

        Assert.That(LoopRunner.MaxDifference(byLoop, LoopRunner.Initial()), Is.GreaterThan(1e-3), "the loop trains");
        Assert.That(LoopRunner.MaxDifference(byLoop, byTrainer), Is.LessThanOrEqualTo(Tolerance), "the trainer trains like the loop");
        if (controlFrom is not null)
        {
            Assert.That(loop.Source, Does.Contain(controlFrom));
            var control = LoopRunner.Train(loop.Source.Replace(controlFrom, controlTo), adam);
            Assert.That(LoopRunner.MaxDifference(byLoop, control), Is.GreaterThan(1e-3), "the gate opened, or the phase changed, in the run");
        }
    }
}
