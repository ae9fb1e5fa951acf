using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Digits.App;
using MultiFashion.App;
using MultiFashion.Strategies;
using MultiFashion.Training;
using NUnit.Framework;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>A strategy whose run throws is a failed row: it is left out of the comparison, and the others run.</summary>
[NonParallelizable]
public sealed class FailedStrategyTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public void The_other_strategies_run_and_the_comparison_leaves_the_failed_one_out()
    {
        var broken = new Strategy("broken", "throws when its trainer is created", TrainedTasks.Both, (_, _, _) => throw new InvalidOperationException("the method broke"));
        var weighted = StrategyRegistry.Available.Single(s => s.Name == "weighted");
        var data = SyntheticIdx.WriteFolder(folder.Combine("data"), trainCount: 120, testCount: 40);
        var settings = new FashionSettings([broken, weighted], new TrainingOptions(Epochs: 1, BatchSize: 32, LearningRate: 0.001, Seed: 1),
            TrainSamples: 100, SeedCount: 2, DeviceChoice.Cpu, data, folder.Combine("out"));
        var output = new StringWriter();

        var exitCode = BenchmarkAction.Run(settings, new ConsoleStreams(output, new StringWriter(), Interactive: false));

        var text = output.ToString();
        Assert.That(exitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(text, Does.Contain("broken seed 1: failed: the method broke").And.Contain("broken seed 2: failed: the method broke"));
        Assert.That(text, Does.Contain("Failed runs"));
        using var comparison = JsonDocument.Parse(File.ReadAllText(folder.Combine("out", "comparison.json")));
        Assert.That(comparison.RootElement.ToString(), Does.Contain("\"weighted\"").And.Not.Contain("\"broken\""));
    }
}
