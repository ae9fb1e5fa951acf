using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Digits.App;
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

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Error);
        var results = folder.Combine("out", "weighted");
        Assert.That(Directory.GetFiles(results).Select(Path.GetFileName), Is.EquivalentTo(new[] { "losses.csv", "losses.png", "summary.json" }),
            "exactly the three outputs, no temporary files left");

        var png = File.ReadAllBytes(Path.Combine(results, "losses.png"));
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }), "a PNG file");

        var csv = File.ReadAllLines(Path.Combine(results, "losses.csv"));
        Assert.That(csv[0], Is.EqualTo("step,epoch,classification,reconstruction,total"));
        Assert.That(csv, Has.Length.EqualTo(1 + 2 * 45), "a header and one row per step: 2 epochs of 45 batches of 32 from 1438 images");
        Assert.That(csv[^1], Does.StartWith("90,2,"));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json")));
        var root = summary.RootElement;
        Assert.That(root.GetProperty("strategy").GetString(), Is.EqualTo("weighted"));
        Assert.That(root.GetProperty("epochs").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("testImages").GetInt32(), Is.EqualTo(359));
        Assert.That(root.GetProperty("testAccuracy").GetDouble(), Is.GreaterThan(0.5), "chance is 0.1");
        Assert.That(root.GetProperty("reconstructionMse").GetDouble(), Is.InRange(0.0, 0.1));

        Assert.That(Directory.GetFiles(folder.Combine("tb", "weighted"), "events.out.tfevents.*"), Is.Not.Empty);
        Assert.That(run.Output, Does.Contain("epoch 2/2").And.Contain("test accuracy"));
    }

    /// <summary>Runs one strategy for 2 epochs (90 steps) and checks its outputs; returns the CSV's data rows, split.</summary>
    private (string[][] Rows, JsonElement Summary, string Output) TwoEpochsOf(string strategy)
    {
        var run = AppRun.Of("--strategy", strategy, "--epochs", "2", "--out", folder.Combine("out"));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Error);
        var results = folder.Combine("out", strategy);
        Assert.That(Directory.GetFiles(results).Select(Path.GetFileName), Is.EquivalentTo(new[] { "losses.csv", "losses.png", "summary.json" }));
        var csv = File.ReadAllLines(Path.Combine(results, "losses.csv"));
        Assert.That(csv[0], Is.EqualTo("step,epoch,classification,reconstruction,total"));
        Assert.That(csv, Has.Length.EqualTo(1 + 90));
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json"))).RootElement.Clone();
        Assert.That(summary.GetProperty("strategy").GetString(), Is.EqualTo(strategy));
        Assert.That(summary.GetProperty("testAccuracy").GetDouble(), Is.GreaterThan(0.5), "chance is 0.1");
        Assert.That(run.Output, Does.Match($@"│\s*{strategy}\s*│\s*0\.\d{{4}}\s*│"));
        return (csv[1..].Select(line => line.Split(',')).ToArray(), summary, run.Output);
    }

    private static double Cell(string[] row, int column) => double.Parse(row[column], CultureInfo.InvariantCulture);

    [Test]
    public void SeparateTrainsBothLossesEveryStep()
    {
        var (rows, summary, _) = TwoEpochsOf("separate");

        Assert.That(rows.SelectMany(r => r[2..]), Has.None.Empty, "both losses in every step");
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
        Assert.That(rows.Skip(22).SelectMany(r => r[2..]), Has.None.Empty, "phase 2: both");

        var phases = summary.GetProperty("phases").EnumerateArray()
            .Select(p => (p.GetProperty("phase").GetInt32(), p.GetProperty("firstStep").GetInt32(), p.GetProperty("steps").GetInt32()));
        Assert.That(phases, Is.EqualTo(new[] { (1, 1, 22), (2, 23, 68) }));
        Assert.That(output, Does.Match(@"epoch 1/2  step 45/90  classification .*  phase 1 to 2\r?\n"), "the phase changed in epoch 1");
        Assert.That(output, Does.Match(@"epoch 2/2  step 90/90  .*  phase 2\r?\n"));
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

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Error);
        foreach (var name in new[] { "weighted", "sum", "separate", "gated", "phased" })
        {
            Assert.That(File.Exists(folder.Combine("out", name, "summary.json")), name);
            Assert.That(run.Output, Does.Match($@"│\s*{name}\s*│\s*0\.\d{{4}}\s*│\s*0\.\d{{4}}\s*│\s*\d+\.\d s\s*│"), "a table row for " + name);
        }
    }
}
