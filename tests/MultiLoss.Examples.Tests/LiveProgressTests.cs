using System.IO;
using Digits.Reporting;
using Digits.Strategies;
using Digits.Training;
using NUnit.Framework;
using Spectre.Console;

namespace MultiLoss.Examples.Tests;

public sealed class LiveProgressTests
{
    [Test]
    public void ShowsEpochStepAndLossesAndReturnsWhatTrainingReturned()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Yes,
        });

        var returned = new LiveProgress(console).Track("weighted", totalSteps: 2, epochs: 2, observer =>
        {
            observer.OnStep(new StepRecord(1, 1, new StepLosses(2.0, 0.5, 2.25)), new StepLosses(2.0, 0.5, 2.25));
            observer.OnEpochEnd(1, new StepLosses(2.0, 0.5, 2.25));
            observer.OnStep(new StepRecord(2, 2, new StepLosses(1.0, 0.25, 1.125)), new StepLosses(1.0, 0.25, 1.125));
            observer.OnEpochEnd(2, new StepLosses(1.0, 0.25, 1.125));
            return 42;
        });

        Assert.That(returned, Is.EqualTo(42));
        Assert.That(output.ToString(), Does.Contain("weighted  epoch 2/2  step 2/2"));
        Assert.That(output.ToString(), Does.Contain("classification 1.0000  reconstruction 0.2500  total 1.1250"));
        Assert.That(output.ToString(), Does.Contain("100%"));
    }

    [Test]
    public void ShowsTheGateOfTheEpochSoFarOnTheLossLine()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Yes,
        });

        new LiveProgress(console).Track("gated", totalSteps: 3, epochs: 2, observer =>
        {
            var closed = new StepLosses(2.0, double.NaN, 2.0, ReconstructionGateOpen: false);
            var open = new StepLosses(1.0, 0.25, 1.125, ReconstructionGateOpen: true);
            observer.OnStep(new StepRecord(1, 1, closed), closed);
            observer.OnStep(new StepRecord(2, 1, open), open);
            observer.OnEpochEnd(1, open);
            observer.OnStep(new StepRecord(3, 2, open), open);
            observer.OnEpochEnd(2, open);
            return 0;
        });

        // The last render shows the last step's line; 2/3 would mean the count did not restart with epoch 2.
        Assert.That(output.ToString(), Does.Contain("reconstruction 0.2500  total 1.1250  gate open 1/1"));
    }

    [Test]
    public void ShowsTheEpochsMeanWeightsSoFarOnTheLossLine()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Yes,
        });

        new LiveProgress(console).Track("uncertainty", totalSteps: 1, epochs: 1, observer =>
        {
            var step = new StepLosses(1.0, 0.25, 0.5, Weights: new LossWeights(0.4375, 0.5625));
            observer.OnStep(new StepRecord(1, 1, step), step);
            observer.OnEpochEnd(1, step);
            return 0;
        });

        Assert.That(output.ToString(), Does.Match(@"total 0\.5000 *\r?\nweights 0\.4375/0\.5625"), "the weights on a line of their own");
    }
}
