using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Digits.App;
using Digits.Experiments;
using Digits.Reporting;
using Digits.Strategies;
using NUnit.Framework;

namespace MultiLoss.Examples.Tests;

/// <summary><c>--seeds N</c>: each seed a full run in its own folder, and a combined summary of mean and spread.</summary>
public sealed class SeedSweepTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public void EachSeedIsTheSingleRunOfThatSeedAndTheSummaryGivesTheirMeanAndStandardDeviation()
    {
        var sweep = AppRun.Of("--strategy", "all", "--epochs", "1", "--seed", "3", "--seeds", "2", "--out", folder.Combine("sweep"));
        var single = AppRun.Of("--strategy", "sum", "--epochs", "1", "--seed", "4", "--out", folder.Combine("single"));

        Assert.That(sweep.ExitCode + single.ExitCode, Is.Zero, sweep.Error + single.Error);
        Assert.That(Directory.GetDirectories(folder.Combine("sweep")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "seed-3", "seed-4" }));
        Assert.That(File.ReadAllText(folder.Combine("sweep", "seed-4", "sum", "losses.csv")),
            Is.EqualTo(File.ReadAllText(folder.Combine("single", "sum", "losses.csv"))), "seed 4 of the sweep is the run with --seed 4");

        using var combined = JsonDocument.Parse(File.ReadAllText(folder.Combine("sweep", SeedSweep.SummaryFileName)));
        var root = combined.RootElement;
        Assert.That(root.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()), Is.EqualTo(new[] { 3, 4 }));
        var strategies = root.GetProperty("strategies").EnumerateArray().ToArray();
        Assert.That(strategies.Select(s => s.GetProperty("strategy").GetString()), Is.EqualTo(StrategyRegistry.Available.Select(s => s.Name)));

        var sum = strategies.Single(s => s.GetProperty("strategy").GetString() == "sum").GetProperty("testAccuracy");
        var perSeed = new[] { 3, 4 }.Select(seed => AccuracyIn(folder.Combine("sweep", $"seed-{seed}", "sum"))).ToArray();
        var mean = (perSeed[0] + perSeed[1]) / 2;
        var sampleStd = System.Math.Abs(perSeed[0] - perSeed[1]) / System.Math.Sqrt(2);
        Assert.That(sum.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()), Is.EqualTo(perSeed));
        Assert.That(sum.GetProperty("mean").GetDouble(), Is.EqualTo(mean).Within(1e-12));
        Assert.That(sum.GetProperty("standardDeviation").GetDouble(), Is.EqualTo(sampleStd).Within(1e-12), "the sample standard deviation");

        var perStep = strategies.Single(s => s.GetProperty("strategy").GetString() == "sum").GetProperty("secondsPerStep");
        var perStepBySeed = new[] { 3, 4 }.Select(seed => ValueIn(folder.Combine("sweep", $"seed-{seed}", "sum"), "secondsPerStep")).ToArray();
        Assert.That(perStep.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()), Is.EqualTo(perStepBySeed));
        Assert.That(perStep.GetProperty("mean").GetDouble(), Is.EqualTo(perStepBySeed.Average()).Within(1e-15));
        var moco = strategies.Single(s => s.GetProperty("strategy").GetString() == "moco").GetProperty("lastEpochMeanWeights").GetProperty("classification");
        Assert.That(moco.GetProperty("mean").ValueKind, Is.EqualTo(JsonValueKind.Null), "MoCo reports no weights: NaN, written as null");
        Assert.That(moco.GetProperty("values").EnumerateArray().Select(v => v.ValueKind), Is.All.EqualTo(JsonValueKind.Null));
        Assert.That(File.Exists(folder.Combine("sweep", WeightsPlot.FileName)), "the weights plot of all strategies, over the seeds");

        var uncertainty = strategies.Single(s => s.GetProperty("strategy").GetString() == "uncertainty");
        Assert.That(uncertainty.GetProperty("lastEpochMeanWeights").GetProperty("classification").GetProperty("values").GetArrayLength(), Is.EqualTo(2));
        Assert.That(sweep.Output, Does.Contain("mean ± std over 2 seeds"));
        Assert.That(sweep.Output, Does.Match(@"│\s*gradnorm\s*│\s*0\.\d{4} ± 0\.\d{4}\s*│\s*0\.\d{4} ± 0\.\d{4}\s*│\s*\d+\.\d ± \d+\.\d s\s*│\s*\d+\.\d\d ± \d+\.\d\d ms\s*│"));
    }

    [Test]
    public void OneSeedWritesWhatARunWithoutTheOptionWrites()
    {
        var withOption = AppRun.Of("--epochs", "1", "--seeds", "1", "--out", folder.Combine("a"));
        var without = AppRun.Of("--epochs", "1", "--out", folder.Combine("b"));

        Assert.That(withOption.ExitCode + without.ExitCode, Is.Zero, withOption.Error + without.Error);
        Assert.That(Directory.GetFileSystemEntries(folder.Combine("a")).Select(Path.GetFileName), Is.EqualTo(new[] { "weighted" }));
        Assert.That(File.ReadAllText(folder.Combine("a", "weighted", "losses.csv")), Is.EqualTo(File.ReadAllText(folder.Combine("b", "weighted", "losses.csv"))));
        Assert.That(Lines(withOption.Output), Is.EqualTo(Lines(without.Output)), "the same lines, times aside");
    }

    /// <summary>The printed lines without what differs between two identical runs: the output folder and the times.</summary>
    private static string[] Lines(string output) =>
        output.Split('\n').Select(line => Regex.Replace(line, @"\d+\.\d s|\d+\.\d\d ms|to \S+", "")).ToArray();

    private static double AccuracyIn(string strategyFolder) => ValueIn(strategyFolder, "testAccuracy");

    private static double ValueIn(string strategyFolder, string property)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(strategyFolder, "summary.json")));
        return summary.RootElement.GetProperty(property).GetDouble();
    }
}
