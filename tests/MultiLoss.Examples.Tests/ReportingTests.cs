using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Digits.Evaluation;
using Digits.Experiments;
using Digits.Reporting;
using Digits.Strategies;
using Digits.Training;
using NUnit.Framework;

namespace MultiLoss.Examples.Tests;

public sealed class ReportingTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    private static LossHistory TwoEpochs()
    {
        var history = new LossHistory();
        history.AddStep(new StepRecord(1, 1, new StepLosses(2.5, 0.125, 2.5625)));
        history.AddStep(new StepRecord(2, 1, new StepLosses(1.5, double.NaN, 1.5)));
        history.EndEpoch(new StepLosses(2.0, 0.125, 2.03125));
        history.AddStep(new StepRecord(3, 2, new StepLosses(0.75, 0.0625, 0.78125)));
        history.EndEpoch(new StepLosses(0.75, 0.0625, 0.78125));
        return history;
    }

    [Test]
    public void CsvUsesTheInvariantCultureWhateverTheCurrentOne()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.That(LossCsv.Format(TwoEpochs()), Is.EqualTo(
                "step,epoch,classification,reconstruction,total\n" +
                "1,1,2.5,0.125,2.5625\n" +
                "2,1,1.5,,1.5\n" +
                "3,2,0.75,0.0625,0.78125\n"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Test]
    public void PlotIsAPng()
    {
        var png = LossPlot.RenderPng(TwoEpochs(), "test", width: 300, height: 200);

        Assert.That(png[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(png.Length, Is.GreaterThan(1000));
    }

    [Test]
    public void SummaryHoldsSettingsMetricsAndLastEpochMeans()
    {
        var strategy = StrategyRegistry.Available[0];
        var result = new RunResult(strategy, new TrainingOptions(2, 16, 0.01, 9), "cpu", 100, 25, TwoEpochs(),
            new TestMetrics(0.96, 0.02), TimeSpan.FromSeconds(1.5));

        using var json = JsonDocument.Parse(RunSummary.Format(result));
        var root = json.RootElement;

        Assert.That(root.GetProperty("strategy").GetString(), Is.EqualTo(strategy.Name));
        Assert.That(root.GetProperty("batchSize").GetInt32(), Is.EqualTo(16));
        Assert.That(root.GetProperty("learningRate").GetDouble(), Is.EqualTo(0.01));
        Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(9));
        Assert.That(root.GetProperty("steps").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("testAccuracy").GetDouble(), Is.EqualTo(0.96));
        Assert.That(root.GetProperty("reconstructionMse").GetDouble(), Is.EqualTo(0.02));
        Assert.That(root.GetProperty("wallTimeSeconds").GetDouble(), Is.EqualTo(1.5));
        Assert.That(root.GetProperty("lastEpochMeanLosses").GetProperty("reconstruction").GetDouble(), Is.EqualTo(0.0625));
    }

    [Test]
    public void AtomicWriteReplacesTheFileAndLeavesNothingElse()
    {
        var path = folder.Combine("sub", "file.txt");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");

        Assert.That(File.ReadAllText(path), Is.EqualTo("second"));
        Assert.That(Directory.GetFiles(folder.Combine("sub")), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void FailedAtomicWriteLeavesTheOldFileAndNoTemporary()
    {
        var path = folder.Combine("file.txt");
        AtomicFile.WriteAllText(path, "old");

        // A folder where the file should go makes the final rename fail.
        var target = folder.Combine("taken");
        Directory.CreateDirectory(target);
        Assert.Catch<IOException>(() => AtomicFile.WriteAllText(target, "new"));

        Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void PlainProgressPrintsOneLinePerEpoch()
    {
        var output = new StringWriter();

        new PlainProgress(output).Track("weighted", totalSteps: 3, epochs: 2, observer =>
        {
            var history = TwoEpochs();
            observer.OnStep(history.Steps[0], history.Steps[0].Losses);
            observer.OnStep(history.Steps[1], history.Steps[1].Losses);
            observer.OnEpochEnd(1, history.EpochMeans[0]);
            observer.OnStep(history.Steps[2], history.Steps[2].Losses);
            observer.OnEpochEnd(2, history.EpochMeans[1]);
            return 0;
        });

        Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "weighted: training 2 epochs, 3 steps",
            "weighted  epoch 1/2  step 2/3  classification 2.0000  reconstruction 0.1250  total 2.0313",
            "weighted  epoch 2/2  step 3/3  classification 0.7500  reconstruction 0.0625  total 0.7813",
        }));
    }
}
