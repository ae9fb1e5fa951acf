using System.IO;
using System.Linq;
using NUnit.Framework;
using SeedStrategies;

namespace MultiLoss.SeedStrategies.Tests;

/// <summary>The command line: which strategy to run, and what an unknown name or no name does.</summary>
public sealed class ProgramTests
{
    private sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries | System.StringSplitOptions.TrimEntries);
        public string[] ErrorLines => Error.Split('\n', System.StringSplitOptions.RemoveEmptyEntries | System.StringSplitOptions.TrimEntries);
    }

    private static Outcome Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exitCode = Program.Run(args, output, error);
        return new Outcome(exitCode, output.ToString(), error.ToString());
    }

    private static void AssertListsEveryStrategy(string text)
    {
        foreach (var (name, summary, _) in Program.Strategies) Assert.That(text, Does.Contain($"  {name,-11} {summary}"));
    }

    [Test]
    public void UnknownStrategyExitsWithTwoAndOneLineNamingIt()
    {
        var outcome = Run("fancy");
        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.ErrorLines, Has.Length.EqualTo(1), outcome.Error);
        Assert.That(outcome.ErrorLines[0], Is.EqualTo("error: unknown strategy 'fancy' (one of: sum, weighted, separate, gate, gate-add, gate-latch, phased)"));
        AssertListsEveryStrategy(outcome.Output);
        Assert.That(outcome.Output, Does.Not.Contain("step "), "nothing was trained");
    }

    [Test]
    public void StrategyNamesAreCaseSensitive() => Assert.That(Run("Gate").ExitCode, Is.EqualTo(2));

    [Test]
    public void MoreThanOneArgumentExitsWithTwo()
    {
        var outcome = Run("sum", "gate");
        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.ErrorLines, Is.EqualTo(new[] { "error: expected one strategy name, got 2 arguments: sum gate" }));
    }

    [TestCase(null)]
    [TestCase("--help")]
    public void NoStrategyListsThemAndExitsWithZero(string? argument)
    {
        var outcome = argument is null ? Run() : Run(argument);
        Assert.That(outcome.ExitCode, Is.EqualTo(0));
        Assert.That(outcome.Error, Is.Empty);
        Assert.That(outcome.OutputLines[0], Does.StartWith("usage: dotnet run --project examples/SeedStrategies -- <strategy>"));
        AssertListsEveryStrategy(outcome.Output);
    }

    [Test]
    public void NamedStrategyRunsAndPrintsAHeaderThenItsSteps()
    {
        var outcome = Run("gate");
        Assert.That(outcome.ExitCode, Is.EqualTo(0), outcome.Error);
        Assert.That(outcome.Error, Is.Empty);
        Assert.That(outcome.OutputLines[0], Does.Match(@"^gate \(threshold gate: L2 instead of L1 while L1 < 0\.7\) on (CPU|CUDA)$"));
        var steps = outcome.OutputLines.Skip(1).Select(PrintedStep.Parse).ToArray();
        Assert.That(steps.Last().Step, Is.EqualTo(SyntheticTask.Steps));
        Assert.That(steps.Select(step => step.GateOpen), Is.All.Not.Null);
    }

    [Test]
    public void EveryStrategyHasADistinctName()
    {
        Assert.That(Program.Strategies.Select(s => s.Name), Is.Unique);
        Assert.That(Program.Strategies, Has.Length.EqualTo(7));
    }
}
