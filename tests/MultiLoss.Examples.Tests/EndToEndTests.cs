using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Digits.App;
using Digits.Reporting;
using Digits.Strategies;
using NUnit.Framework;

namespace MultiLoss.Examples.Tests;

/// <summary>Short real training runs on the shipped data, checking what they leave behind.</summary>
public sealed class EndToEndTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public void TwoEpochsWriteThePlotTheCsvAndTheSummaryAndLearn()
    {
        var run = AppRun.Of("--epochs", "2", "--out", folder.Combine("out"), "--tensorboard", folder.Combine("tb"));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Transcript);
        var results = folder.Combine("out", "weighted");
        Assert.That(Directory.GetFiles(results).Select(Path.GetFileName), Is.EquivalentTo(new[] { "losses.csv", "losses.png", "summary.json" }),
            "exactly the three outputs, no temporary files left");

        var png = File.ReadAllBytes(Path.Combine(results, "losses.png"));
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }), "a PNG file");

        var csv = File.ReadAllLines(Path.Combine(results, "losses.csv"));
        Assert.That(csv[0], Is.EqualTo("step,epoch,classification,reconstruction,total,classificationWeight,reconstructionWeight"));
        Assert.That(File.Exists(folder.Combine("out", WeightsPlot.FileName)), Is.False, "one strategy: no weights plot");
        Assert.That(csv, Has.Length.EqualTo(1 + 2 * 45), "a header and one row per step: 2 epochs of 45 batches of 32 from 1438 images");
        Assert.That(csv[^1], Does.StartWith("90,2,"));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json")));
        var root = summary.RootElement;
        Assert.That(root.GetProperty("strategy").GetString(), Is.EqualTo("weighted"));
        Assert.That(root.GetProperty("epochs").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("testImages").GetInt32(), Is.EqualTo(359));
        Assert.That(root.GetProperty("testAccuracy").GetDouble(), Is.GreaterThan(0.5), "chance is 0.1");
        Assert.That(root.GetProperty("reconstructionMse").GetDouble(), Is.InRange(0.0, 0.1));

        // The TensorBoard log: each loss and the total per step, under the example's tags, equal to the CSV's values.
        var scalars = TensorBoardScalars.Read(folder.Combine("tb", "weighted"));
        Assert.That(scalars.Select(s => s.Tag).Distinct(), Is.EquivalentTo(new[] { "loss/classification", "loss/reconstruction", "loss/total" }));
        var lastRow = csv[^1].Split(',');
        Assert.That(scalars.Where(s => s.Step == 90).Select(s => (s.Tag, s.Value)), Is.EquivalentTo(new[]
        {
            ("loss/classification", (float)double.Parse(lastRow[2], CultureInfo.InvariantCulture)),
            ("loss/reconstruction", (float)double.Parse(lastRow[3], CultureInfo.InvariantCulture)),
            ("loss/total", (float)double.Parse(lastRow[4], CultureInfo.InvariantCulture)),
        }));
        Assert.That(scalars.Select(s => s.Step).Distinct().Count(), Is.EqualTo(90), "one point per step");
        Assert.That(run.Output, Does.Contain("epoch 2/2").And.Contain("test accuracy"));
    }

    /// <summary>Runs one strategy for 2 epochs (90 steps) and checks its outputs; returns the CSV's data rows, split.</summary>
    private (string[][] Rows, JsonElement Summary, string Output) TwoEpochsOf(string strategy)
    {
        var run = AppRun.Of("--strategy", strategy, "--epochs", "2", "--out", folder.Combine("out"));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Transcript);
        var results = folder.Combine("out", strategy);
        Assert.That(Directory.GetFiles(results).Select(Path.GetFileName), Is.EquivalentTo(new[] { "losses.csv", "losses.png", "summary.json" }));
        var csv = File.ReadAllLines(Path.Combine(results, "losses.csv"));
        Assert.That(csv[0], Is.EqualTo("step,epoch,classification,reconstruction,total,classificationWeight,reconstructionWeight"));
        Assert.That(File.Exists(folder.Combine("out", WeightsPlot.FileName)), Is.False, "one strategy: no weights plot");
        Assert.That(csv, Has.Length.EqualTo(1 + 90));
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json"))).RootElement.Clone();
        Assert.That(summary.GetProperty("strategy").GetString(), Is.EqualTo(strategy));
        Assert.That(summary.GetProperty("testAccuracy").GetDouble(), Is.GreaterThan(0.5), "chance is 0.1");
        var trainingSeconds = summary.GetProperty("trainingSeconds").GetDouble();
        Assert.That(trainingSeconds, Is.GreaterThan(0).And.LessThan(summary.GetProperty("wallTimeSeconds").GetDouble()), "the loop alone, without the evaluation");
        Assert.That(summary.GetProperty("secondsPerStep").GetDouble(), Is.GreaterThan(0).And.LessThan(trainingSeconds / 45), "the second epoch's 45 steps");
        Assert.That(run.Output, Does.Match($@"│\s*{strategy}\s*│\s*0\.\d{{4}}\s*│"));
        return (csv[1..].Select(line => line.Split(',')).ToArray(), summary, run.Output);
    }

    private static double Cell(string[] row, int column) => double.Parse(row[column], CultureInfo.InvariantCulture);

    [Test]
    public void SeparateTrainsBothLossesEveryStep()
    {
        var (rows, summary, _) = TwoEpochsOf("separate");

        Assert.That(rows.SelectMany(r => r[2..5]), Has.None.Empty, "both losses in every step");
        Assert.That(rows.Select(r => Cell(r, 4) - (Cell(r, 2) + 0.5 * Cell(r, 3))), Is.All.InRange(-1e-5, 1e-5), "total = classification + 0.5·reconstruction");
        Assert.That(summary.GetProperty("reconstructionMse").GetDouble(), Is.InRange(0.0, 0.1));
        Assert.That(summary.TryGetProperty("phases", out _) || summary.TryGetProperty("reconstructionGate", out _), Is.False);
    }

    [Test]
    public void GatedLeavesReconstructionEmptyWhileTheGateIsClosedAndReportsTheGate()
    {
        var (rows, summary, output) = TwoEpochsOf("gated");

        var open = rows.Where(r => r[3].Length > 0).ToArray();
        var closed = rows.Where(r => r[3].Length == 0).ToArray();
        Assert.That(closed, Is.Not.Empty, "an untrained classifier keeps the gate closed");
        Assert.That(closed.Select(r => Cell(r, 4) - Cell(r, 2)), Is.All.EqualTo(0.0), "closed: the total is classification alone");
        Assert.That(closed.Select(r => Cell(r, 2)), Is.All.GreaterThanOrEqualTo(0.05));
        Assert.That(open.Select(r => Cell(r, 2)), Is.All.LessThan(0.05));
        Assert.That(rows.Select(r => r[4]), Has.None.Empty);

        var gate = summary.GetProperty("reconstructionGate");
        Assert.That(gate.GetProperty("openSteps").GetInt32(), Is.EqualTo(open.Length));
        var secondEpochOpen = rows.Count(r => r[1] == "2" && r[3].Length > 0);
        var meanReconstruction = summary.GetProperty("lastEpochMeanLosses").GetProperty("reconstruction");
        Assert.That(meanReconstruction.ValueKind, Is.EqualTo(secondEpochOpen == 0 ? JsonValueKind.Null : JsonValueKind.Number),
            "the epoch mean skips steps without the loss; with none it does not exist");
        Assert.That(output, Does.Contain($"epoch 2/2  step 90/90  ").And.Contain($"  gate open {secondEpochOpen}/45"));
    }

    [Test]
    public void PhasedLeavesClassificationEmptyForTheFirstQuarterAndReportsThePhases()
    {
        var (rows, summary, output) = TwoEpochsOf("phased");

        Assert.That(rows.Take(22).Select(r => r[2]), Is.All.Empty, "phase 1, a quarter of 90 steps: reconstruction alone");
        Assert.That(rows.Take(22).Select(r => Cell(r, 4) - 0.5 * Cell(r, 3)), Is.All.InRange(-1e-6, 1e-6));
        Assert.That(rows.Skip(22).SelectMany(r => r[2..5]), Has.None.Empty, "phase 2: both");

        var phases = summary.GetProperty("phases").EnumerateArray()
            .Select(p => (p.GetProperty("phase").GetInt32(), p.GetProperty("firstStep").GetInt32(), p.GetProperty("steps").GetInt32()));
        Assert.That(phases, Is.EqualTo(new[] { (1, 1, 22), (2, 23, 68) }));
        Assert.That(output, Does.Match(@"epoch 1/2  step 45/90  classification .*  phase 1 to 2\r?\n"), "the phase changed in epoch 1");
        Assert.That(output, Does.Match(@"epoch 2/2  step 90/90  .*  phase 2\r?\n"));
    }

    /// <summary>The weights on each epoch line of the output (the epoch's mean, 4 decimals), by epoch.</summary>
    private static LossWeights[] EpochLineWeights(string output, string strategy) =>
        Regex.Matches(output, $@"^{strategy}  epoch (\d+)/\d+  .*  weights (\d+\.\d{{4}})/(\d+\.\d{{4}})\r?$", RegexOptions.Multiline)
            .Select((m, i) =>
            {
                Assert.That(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Is.EqualTo(i + 1));
                return new LossWeights(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
            })
            .ToArray();

    private static LossWeights SummaryWeights(JsonElement summary)
    {
        var weights = summary.GetProperty("lastEpochMeanWeights");
        return new LossWeights(weights.GetProperty("classification").GetDouble(), weights.GetProperty("reconstruction").GetDouble());
    }

    [Test]
    public void UncertaintyLearnsAndItsEffectiveWeightsMove()
    {
        var (rows, summary, output) = TwoEpochsOf("uncertainty");

        Assert.That(rows.SelectMany(r => r[2..]), Has.None.Empty, "both losses and their weights in every step");
        Assert.That(summary.GetProperty("reconstructionMse").GetDouble(), Is.InRange(0.0, 0.1));
        var epochs = EpochLineWeights(output, "uncertainty");
        Assert.That(epochs, Has.Length.EqualTo(2));
        var last = SummaryWeights(summary);
        Assert.That(last.Classification, Is.EqualTo(epochs[1].Classification).Within(5e-5), "the epoch line shows the summary's mean");
        Assert.That(last.Reconstruction, Is.EqualTo(epochs[1].Reconstruction).Within(5e-5));
        // Both start at ½ (s = 0); the log-variances learn, so the weights leave ½ and change from epoch to epoch.
        Assert.That(epochs[1], Is.Not.EqualTo(epochs[0]), "the weights move between epochs");
        Assert.That(last.Reconstruction, Is.GreaterThan(0.5), "reconstruction's loss is far below 1, so its weight grows");
        Assert.That(last.Classification, Is.Not.EqualTo(0.5).Within(1e-3));
    }

    [Test]
    public void DwaLearnsWithWeightOneInItsFirstTwoEpochs()
    {
        var (rows, summary, output) = TwoEpochsOf("dwa");

        Assert.That(rows.Select(r => Cell(r, 4) - (Cell(r, 2) + Cell(r, 3))), Is.All.InRange(-1e-5, 1e-5), "λ = 1: total = classification + reconstruction");
        Assert.That(EpochLineWeights(output, "dwa"), Is.EqualTo(new[] { new LossWeights(1, 1), new LossWeights(1, 1) }));
        Assert.That(SummaryWeights(summary), Is.EqualTo(new LossWeights(1, 1)));
        Assert.That(summary.GetProperty("reconstructionMse").GetDouble(), Is.InRange(0.0, 0.1));
    }

    [Test]
    public void DwaIsToldEachEpochEndSoItsWeightsFollowTheEpochMeansFromTheThirdEpoch()
    {
        var run = AppRun.Of("--strategy", "dwa", "--epochs", "4", "--out", folder.Combine("out"));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Transcript);
        var rows = File.ReadAllLines(folder.Combine("out", "dwa", "losses.csv"))[1..].Select(line => line.Split(',')).ToArray();
        Assert.That(rows, Has.Length.EqualTo(4 * 45));
        // Each epoch's mean of each loss, from the CSV: the same per-step values the trainer averaged on the device.
        var means = rows.GroupBy(r => r[1]).OrderBy(g => int.Parse(g.Key, CultureInfo.InvariantCulture))
            .Select(g => (Classification: g.Average(r => Cell(r, 2)), Reconstruction: g.Average(r => Cell(r, 3))))
            .ToArray();
        LossWeights Expected(int epoch) => StrategyTrainerTests.DwaWeights(
            means[epoch - 2].Classification / means[epoch - 3].Classification,
            means[epoch - 2].Reconstruction / means[epoch - 3].Reconstruction);

        var epochs = EpochLineWeights(run.Output, "dwa");
        Assert.That(epochs, Has.Length.EqualTo(4));
        Assert.That(epochs[..2], Is.All.EqualTo(new LossWeights(1, 1)), "λ = 1 in the first two epochs");
        for (var epoch = 3; epoch <= 4; epoch++)
        {
            Assert.That(epochs[epoch - 1], Is.Not.EqualTo(new LossWeights(1, 1)), $"epoch {epoch}: set by EndEpoch");
            Assert.That(epochs[epoch - 1].Classification, Is.EqualTo(Expected(epoch).Classification).Within(5e-5), $"epoch {epoch}");
            Assert.That(epochs[epoch - 1].Reconstruction, Is.EqualTo(Expected(epoch).Reconstruction).Within(5e-5), $"epoch {epoch}");
            var weights = Expected(epoch);
            Assert.That(rows.Where(r => r[1] == epoch.ToString(CultureInfo.InvariantCulture))
                    .Select(r => Cell(r, 4) - (weights.Classification * Cell(r, 2) + weights.Reconstruction * Cell(r, 3))),
                Is.All.InRange(-1e-5, 1e-5), $"epoch {epoch}: the total backpropagated uses those weights");
        }
        Assert.That(epochs[3], Is.Not.EqualTo(epochs[2]), "a new λ each epoch");

        using var summary = JsonDocument.Parse(File.ReadAllText(folder.Combine("out", "dwa", "summary.json")));
        var last = SummaryWeights(summary.RootElement);
        Assert.That(last.Classification, Is.EqualTo(Expected(4).Classification).Within(1e-9));
        Assert.That(last.Reconstruction, Is.EqualTo(Expected(4).Reconstruction).Within(1e-9));
    }

    [Test]
    public void GradNormLearnsAndReportsWeightsThatSumToTwo()
    {
        var (rows, summary, output) = TwoEpochsOf("gradnorm");

        Assert.That(rows.SelectMany(r => r[2..]), Has.None.Empty, "both losses and their weights in every step");
        Assert.That(summary.GetProperty("reconstructionMse").GetDouble(), Is.InRange(0.0, 0.1));
        var epochs = EpochLineWeights(output, "gradnorm");
        Assert.That(epochs, Has.Length.EqualTo(2));
        Assert.That(epochs.Select(w => w.Classification + w.Reconstruction), Is.All.EqualTo(2.0).Within(2e-4));
        Assert.That(epochs[1], Is.Not.EqualTo(epochs[0]), "the weights are learned");
        var last = SummaryWeights(summary);
        Assert.That(last.Classification + last.Reconstruction, Is.EqualTo(2.0).Within(1e-5));
        Assert.That(last.Reconstruction, Is.Not.EqualTo(1.0).Within(1e-3));
    }

    [Test]
    public void PCGradLearnsWithTheWeightedStrategysWeights()
    {
        var (rows, summary, output) = TwoEpochsOf("pcgrad");

        Assert.That(rows.Select(r => Cell(r, 4) - (Cell(r, 2) + 0.5 * Cell(r, 3))), Is.All.InRange(-1e-5, 1e-5), "total = classification + 0.5·reconstruction");
        Assert.That(summary.GetProperty("reconstructionMse").GetDouble(), Is.InRange(0.0, 0.1));
        // The body's gradient is (1 − d/‖g_c‖²)·g_c + (1 − d/‖g_r‖²)·g_r with d = g_c·g_r when they conflict (d < 0), the
        // plain sum otherwise; g_r is the gradient of 0.5·reconstruction, so the reported weights are at least 1 and 0.5.
        Assert.That(rows.Select(r => Cell(r, 5)), Is.All.GreaterThanOrEqualTo(1.0 - 1e-6));
        Assert.That(rows.Select(r => Cell(r, 6)), Is.All.GreaterThanOrEqualTo(0.5 - 1e-6));
        Assert.That(rows.Any(r => Cell(r, 6) > 0.5 + 1e-3), Is.True, "some steps' gradients conflict and are projected");
        Assert.That(SummaryWeights(summary).Classification, Is.GreaterThanOrEqualTo(1.0 - 1e-6));
        Assert.That(output, Does.Contain("weights "));
    }

    [Test]
    public void SameSeedGivesTheSameLosses()
    {
        var first = AppRun.Of("--epochs", "1", "--seed", "5", "--out", folder.Combine("a"));
        var second = AppRun.Of("--epochs", "1", "--seed", "5", "--out", folder.Combine("b"));

        Assert.That(first.ExitCode + second.ExitCode, Is.Zero, first.Error + second.Error);
        Assert.That(File.ReadAllText(folder.Combine("b", "weighted", "losses.csv")),
            Is.EqualTo(File.ReadAllText(folder.Combine("a", "weighted", "losses.csv"))));
    }

    [Test]
    public void AllRunsEveryAvailableStrategyAndComparesThem()
    {
        var run = AppRun.Of("--strategy", "all", "--epochs", "1", "--out", folder.Combine("out"));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Transcript);
        foreach (var name in StrategyRegistry.Available.Select(s => s.Name))
        {
            Assert.That(File.Exists(folder.Combine("out", name, "summary.json")), name);
            Assert.That(run.Output, Does.Match($@"│\s*{name}\s*│\s*0\.\d{{4}}\s*│\s*0\.\d{{4}}\s*│\s*\d+\.\d s\s*│\s*\d+\.\d\d ms\s*│"), "a table row for " + name);
        }
        Assert.That(File.Exists(folder.Combine("out", WeightsPlot.FileName)), "several strategies report weights: their plot");
    }
}
