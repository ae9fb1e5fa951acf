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
        foreach (var name in new[] { "weighted", "sum" })
        {
            Assert.That(File.Exists(folder.Combine("out", name, "summary.json")), name);
            Assert.That(run.Output, Does.Match($@"│\s*{name}\s*│\s*0\.\d{{4}}\s*│\s*0\.\d{{4}}\s*│\s*\d+\.\d s\s*│"), "a table row for " + name);
        }
    }
}
