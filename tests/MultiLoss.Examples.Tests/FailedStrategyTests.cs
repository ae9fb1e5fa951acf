using System;
using System.IO;
using System.Linq;
using Digits.App;
using Digits.Strategies;
using Digits.Training;
using NUnit.Framework;

namespace MultiLoss.Examples.Tests;

/// <summary>A strategy whose run throws is a failed row: the other strategies still run and are reported.</summary>
public sealed class FailedStrategyTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    private static readonly Strategy Broken = new("broken", "throws when its trainer is created",
        (_, _, _) => throw new InvalidOperationException("the method broke"));

    [TestCase(1)]
    [TestCase(2)]
    public void The_other_strategies_run_and_the_failure_is_reported(int seeds)
    {
        var weighted = StrategyRegistry.Available.Single(s => s.Name == "weighted");
        var settings = new RunSettings([Broken, weighted], new TrainingOptions(Epochs: 1, BatchSize: 32, LearningRate: 0.01, Seed: 7),
            seeds, DeviceChoice.Cpu, DigitsFiles.Shipped, folder.Combine("out"), TensorBoardFolder: null);
        var output = new StringWriter();

        var exitCode = RunAction.Run(settings, new ConsoleStreams(output, new StringWriter(), Interactive: false));

        var text = output.ToString();
        Assert.That(exitCode, Is.EqualTo(ExitCodes.Failure), "a failed run is not a success");
        Assert.That(text, Does.Contain(seeds == 1 ? "broken: failed: the method broke" : "broken seed 7: failed: the method broke"));
        Assert.That(text, Does.Contain("Failed runs"));
        var weightedFolder = seeds == 1 ? folder.Combine("out", "weighted") : folder.Combine("out", "seed-7", "weighted");
        Assert.That(File.Exists(Path.Combine(weightedFolder, "summary.json")), Is.True, "weighted ran after the failure");
        Assert.That(Directory.Exists(folder.Combine("out", "broken")), Is.False);
    }
}
