using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Digits.App;
using MultiFashion.Strategies;
using NUnit.Framework;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>
/// A tiny comparison end to end, on synthetic IDX files: 300 training samples, one epoch, two seeds, every strategy and
/// both baselines; then the files it leaves behind and the arithmetic of its summary, checked against the per-run files.
/// </summary>
[NonParallelizable]
public sealed class EndToEndTests
{
    private static readonly string[] Strategies = ["weighted", "sum", "separate", "gated", "phased", "uncertainty", "dwa", "gradnorm", "pcgrad"];
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

    private TempFolder folder = null!;
    private AppRun run = null!;

    [OneTimeSetUp]
    public void RunTheComparison()
    {
        folder = new TempFolder();
        var data = SyntheticIdx.WriteFolder(folder.Combine("data"), trainCount: 320, testCount: 100);
        run = AppRun.Of("--data", data, "--train-size", "300", "--epochs", "1", "--seeds", "2", "--device", "cpu", "--out", folder.Combine("out"));
    }

    [OneTimeTearDown]
    public void DeleteFolder() => folder.Dispose();

    private string Out(params string[] parts) => folder.Combine(["out", .. parts]);

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();

    private JsonElement Summary(int seed, string strategy) => Json(Out($"seed-{seed}", strategy, "summary.json"));

    [Test]
    public void It_succeeds_and_writes_the_comparison_both_pictures_and_a_summary_per_run()
    {
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Transcript);
        Assert.That(Directory.GetFiles(Out()).Select(Path.GetFileName), Is.EquivalentTo(new[] { "comparison.json", "accuracy-plane.png", "samples.png" }),
            "no temporary files left");
        Assert.That(File.ReadAllBytes(Out("accuracy-plane.png"))[..8], Is.EqualTo(PngSignature));
        Assert.That(File.ReadAllBytes(Out("samples.png"))[..8], Is.EqualTo(PngSignature));
        foreach (var seed in new[] { 1, 2 })
        {
            Assert.That(Directory.GetDirectories(Out($"seed-{seed}")).Select(Path.GetFileName),
                Is.EquivalentTo(Strategies.Append("single-left").Append("single-right")));
        }
    }

    [Test]
    public void Each_summary_holds_the_runs_settings_and_the_accuracies_of_the_tasks_it_trained()
    {
        var left = Summary(1, "single-left");
        Assert.That(left.GetProperty("tasks").GetString(), Is.EqualTo("left"));
        Assert.That(left.GetProperty("leftAccuracy").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(left.GetProperty("rightAccuracy").ValueKind, Is.EqualTo(JsonValueKind.Null), "the untrained head is not scored");
        Assert.That(left.GetProperty("deltaMPercent").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var sum = Summary(2, "sum");
        Assert.That(sum.GetProperty("seed").GetInt32(), Is.EqualTo(2));
        Assert.That(sum.GetProperty("trainSamples").GetInt32(), Is.EqualTo(300));
        Assert.That(sum.GetProperty("testSamples").GetInt32(), Is.EqualTo(100));
        Assert.That(sum.GetProperty("steps").GetInt32(), Is.EqualTo(5), "one epoch of 300 samples in batches of 64");
        Assert.That(sum.GetProperty("secondsPerStep").GetDouble(), Is.EqualTo(sum.GetProperty("trainingSeconds").GetDouble() / 5).Within(1e-12));
        var losses = sum.GetProperty("lastEpochMeanLosses");
        Assert.That(losses.GetProperty("total").GetDouble(),
            Is.EqualTo(losses.GetProperty("left").GetDouble() + losses.GetProperty("right").GetDouble()).Within(1e-5), "sum: total = left + right");

        Assert.That(Summary(1, "gated").TryGetProperty("rightGateOpenSteps", out _), Is.True);
        foreach (var adaptive in new[] { "uncertainty", "dwa", "gradnorm" })
        {
            Assert.That(Summary(1, adaptive).TryGetProperty("lastEpochMeanWeights", out _), Is.True, adaptive);
        }
        Assert.That(Summary(1, "weighted").TryGetProperty("lastEpochMeanWeights", out _), Is.False);
    }

    [Test]
    public void Separate_runs_the_weighted_step_so_it_ends_with_the_same_accuracies_in_each_seed()
    {
        foreach (var seed in new[] { 1, 2 })
        {
            Assert.That(Summary(seed, "separate").GetProperty("leftAccuracy").GetDouble(), Is.EqualTo(Summary(seed, "weighted").GetProperty("leftAccuracy").GetDouble()));
            Assert.That(Summary(seed, "separate").GetProperty("rightAccuracy").GetDouble(), Is.EqualTo(Summary(seed, "weighted").GetProperty("rightAccuracy").GetDouble()));
        }
    }

    [Test]
    public void Delta_m_of_each_run_is_its_relative_difference_from_the_same_seeds_baselines()
    {
        foreach (var seed in new[] { 1, 2 })
        {
            var singleLeft = Summary(seed, "single-left").GetProperty("leftAccuracy").GetDouble();
            var singleRight = Summary(seed, "single-right").GetProperty("rightAccuracy").GetDouble();
            foreach (var strategy in Strategies)
            {
                var summary = Summary(seed, strategy);
                var expected = ((summary.GetProperty("leftAccuracy").GetDouble() - singleLeft) / singleLeft
                                + (summary.GetProperty("rightAccuracy").GetDouble() - singleRight) / singleRight) / 2 * 100;
                Assert.That(summary.GetProperty("deltaMPercent").GetDouble(), Is.EqualTo(expected).Within(1e-9), $"{strategy}, seed {seed}");
            }
        }
    }

    [Test]
    public void The_comparison_gives_each_strategys_per_seed_values_their_mean_and_sample_standard_deviation()
    {
        var comparison = Json(Out("comparison.json"));
        Assert.That(comparison.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()), Is.EqualTo(new[] { 1, 2 }));
        var strategies = comparison.GetProperty("strategies").EnumerateArray().ToArray();
        Assert.That(strategies.Select(s => s.GetProperty("strategy").GetString()), Is.EqualTo(Strategies));
        foreach (var strategy in strategies)
        {
            var name = strategy.GetProperty("strategy").GetString()!;
            var deltaM = strategy.GetProperty("deltaMPercent");
            var values = deltaM.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.That(values, Is.EqualTo(new[] { 1, 2 }.Select(seed => Summary(seed, name).GetProperty("deltaMPercent").GetDouble())), name);
            Assert.That(deltaM.GetProperty("mean").GetDouble(), Is.EqualTo((values[0] + values[1]) / 2).Within(1e-12), name);
            // Two values: the sample standard deviation (n − 1) is |a − b| / √2.
            Assert.That(deltaM.GetProperty("standardDeviation").GetDouble(), Is.EqualTo(Math.Abs(values[0] - values[1]) / Math.Sqrt(2)).Within(1e-12), name);

            var relative = strategy.GetProperty("timePerStepRelativeToWeighted").GetProperty("values").EnumerateArray().Select(v => v.GetDouble());
            Assert.That(relative, Is.EqualTo(new[] { 1, 2 }.Select(seed =>
                Summary(seed, name).GetProperty("secondsPerStep").GetDouble() / Summary(seed, "weighted").GetProperty("secondsPerStep").GetDouble())).Within(1e-12), name);
        }
        var baselines = comparison.GetProperty("baselines");
        Assert.That(baselines.GetProperty("single-left").GetProperty("accuracy").GetProperty("values").EnumerateArray().Select(v => v.GetDouble()),
            Is.EqualTo(new[] { 1, 2 }.Select(seed => Summary(seed, "single-left").GetProperty("leftAccuracy").GetDouble())));
    }

    [Test]
    public void The_printed_table_has_a_row_per_strategy_and_baseline_with_mean_and_spread()
    {
        Assert.That(run.Output, Does.Contain("mean ± std over 2 seeds"));
        foreach (var name in Strategies)
        {
            Assert.That(run.Output, Does.Match($@"│ {name}\s*│\s*0\.\d{{4}} ± 0\.\d{{4}}\s*│\s*0\.\d{{4}} ± 0\.\d{{4}}\s*│\s*[+-]?\d+\.\d\d ± \d+\.\d\d\s*│"), name);
        }
        Assert.That(run.Output, Does.Match(@"│ single-left\s*│\s*0\.\d{4} ± 0\.\d{4}\s*│\s*│"));
        Assert.That(run.Output, Does.Match(@"│ single-right\s*│\s*│\s*0\.\d{4} ± 0\.\d{4}\s*│"));
        Assert.That(run.Output, Does.Contain("dwa seed 2  epoch 1/1  step 5/5  left "));
    }

    [Test]
    public void Strategy_and_seed_fix_the_run_so_a_single_seed_run_repeats_the_first_seeds_numbers()
    {
        var data = folder.Combine("data");
        var again = AppRun.Of("--data", data, "--train-size", "300", "--epochs", "1", "--seeds", "1", "--strategy", "pcgrad", "--device", "cpu", "--out", folder.Combine("again"));

        Assert.That(again.ExitCode, Is.EqualTo(ExitCodes.Success), again.Transcript);
        var repeated = Json(folder.Combine("again", "pcgrad", "summary.json"));
        Assert.That(repeated.GetProperty("leftAccuracy").GetDouble(), Is.EqualTo(Summary(1, "pcgrad").GetProperty("leftAccuracy").GetDouble()));
        Assert.That(repeated.GetProperty("lastEpochMeanLosses").GetProperty("total").GetDouble(),
            Is.EqualTo(Summary(1, "pcgrad").GetProperty("lastEpochMeanLosses").GetProperty("total").GetDouble()));
        Assert.That(File.Exists(folder.Combine("again", "single-right", "summary.json")), "one seed: no seed folders");
        Assert.That(again.Output, Does.Contain(", seed 1"));
    }
}
