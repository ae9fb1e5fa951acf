using System;
using System.Globalization;
using System.IO;
using System.Linq;
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
        history.EndEpoch(new StepLosses(2.0, 0.125, 2.03125), TimeSpan.FromSeconds(1.0));
        history.AddStep(new StepRecord(3, 2, new StepLosses(0.75, 0.0625, 0.78125)));
        history.EndEpoch(new StepLosses(0.75, 0.0625, 0.78125), TimeSpan.FromSeconds(1.25));
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
                "step,epoch,classification,reconstruction,total,classificationWeight,reconstructionWeight\n" +
                "1,1,2.5,0.125,2.5625,,\n" +
                "2,1,1.5,,1.5,,\n" +
                "3,2,0.75,0.0625,0.78125,,\n"));
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

    /// <summary>A gated run: the gate closed in steps 1-2 (reconstruction not computed), open in step 3.</summary>
    private static LossHistory GatedEpochs()
    {
        var history = new LossHistory();
        history.AddStep(new StepRecord(1, 1, new StepLosses(2.5, double.NaN, 2.5, ReconstructionGateOpen: false)));
        history.AddStep(new StepRecord(2, 1, new StepLosses(1.5, double.NaN, 1.5, ReconstructionGateOpen: false)));
        history.EndEpoch(new StepLosses(2.0, double.NaN, 2.0), TimeSpan.Zero);
        history.AddStep(new StepRecord(3, 2, new StepLosses(0.75, 0.0625, 0.78125, ReconstructionGateOpen: true)));
        history.EndEpoch(new StepLosses(0.75, 0.0625, 0.78125), TimeSpan.Zero);
        return history;
    }

    /// <summary>A phased run: step 1 in phase 1 without classification, steps 2-3 in phase 2.</summary>
    private static LossHistory PhasedEpochs()
    {
        var history = new LossHistory();
        history.AddStep(new StepRecord(1, 1, new StepLosses(double.NaN, 0.25, 0.125, Phase: 1)));
        history.AddStep(new StepRecord(2, 1, new StepLosses(1.5, 0.125, 1.5625, Phase: 2)));
        history.EndEpoch(new StepLosses(1.5, 0.1875, 0.84375), TimeSpan.Zero);
        history.AddStep(new StepRecord(3, 2, new StepLosses(0.75, 0.0625, 0.78125, Phase: 2)));
        history.EndEpoch(new StepLosses(0.75, 0.0625, 0.78125), TimeSpan.Zero);
        return history;
    }

    [Test]
    public void CsvLeavesANotComputedLossEmptyInEveryColumn()
    {
        Assert.That(LossCsv.Format(GatedEpochs()), Is.EqualTo(
            "step,epoch,classification,reconstruction,total,classificationWeight,reconstructionWeight\n" +
            "1,1,2.5,,2.5,,\n" +
            "2,1,1.5,,1.5,,\n" +
            "3,2,0.75,0.0625,0.78125,,\n"));
        Assert.That(LossCsv.Format(PhasedEpochs()).Split('\n')[1], Is.EqualTo("1,1,,0.25,0.125,,"));
    }

    [Test]
    public void TimePerStepLeavesOutTheFirstEpochUnlessItIsTheOnlyOne()
    {
        var history = new LossHistory();
        for (var step = 1; step <= 4; step++) history.AddStep(new StepRecord(step, 1, new StepLosses(1, 1, 1)));
        history.EndEpoch(new StepLosses(1, 1, 1), TimeSpan.FromSeconds(2));

        Assert.That(history.SecondsPerStep, Is.EqualTo(0.5), "one epoch: 2 s over 4 steps");

        for (var step = 5; step <= 8; step++) history.AddStep(new StepRecord(step, 2, new StepLosses(1, 1, 1)));
        history.EndEpoch(new StepLosses(1, 1, 1), TimeSpan.FromSeconds(2.5));

        Assert.That(history.SecondsPerStep, Is.EqualTo(0.125), "0.5 s over the second epoch's 4 steps");
        Assert.That(history.TrainingTime, Is.EqualTo(TimeSpan.FromSeconds(2.5)));
        Assert.That(new LossHistory().SecondsPerStep, Is.NaN);
    }

    [Test]
    public void CsvHasEachStepsEffectiveWeightsAndLeavesANaNWeightEmpty()
    {
        var history = WeightedEpochs();
        history.AddStep(new StepRecord(4, 3, new StepLosses(0.5, 0.03125, 0.53125, Weights: new LossWeights(double.NaN, double.NaN))));

        var rows = LossCsv.Format(history).Split('\n');

        Assert.That(rows[3], Is.EqualTo("3,2,0.75,0.0625,0.8125,0.875,1.125"));
        Assert.That(rows[4], Is.EqualTo("4,3,0.5,0.03125,0.53125,,"), "an aggregation that reports no weights (MoCo, DB-MTL)");
    }

    [Test]
    public void PlotSkipsStepsWithoutALossAndALossNeverComputed()
    {
        var history = new LossHistory();
        for (var step = 1; step <= 20; step++) history.AddStep(new StepRecord(step, (step + 9) / 10, new StepLosses(1.0 / step, double.NaN, 1.0 / step)));
        history.EndEpoch(new StepLosses(0.3, double.NaN, 0.3), TimeSpan.Zero);
        history.EndEpoch(new StepLosses(0.1, double.NaN, 0.1), TimeSpan.Zero);

        Assert.That(LossPlot.RenderPng(history, "never computed", width: 300, height: 200)[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(LossPlot.RenderPng(GatedEpochs(), "gated", width: 300, height: 200)[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(LossPlot.RenderPng(PhasedEpochs(), "phased", width: 300, height: 200)[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(LossPlot.RenderPng(new LossHistory(), "empty", width: 300, height: 200)[1..4], Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public void PlotLeavesOutAValueThatIsNotPositiveInSomeStep()
    {
        // The uncertainty strategy's total includes ½·Σ log σ², which goes negative as the log-variances fall.
        var history = new LossHistory();
        history.AddStep(new StepRecord(1, 1, new StepLosses(2.0, 0.1, 1.05, Weights: new LossWeights(0.5, 0.5))));
        history.AddStep(new StepRecord(2, 1, new StepLosses(0.5, 0.05, -0.25, Weights: new LossWeights(0.6, 0.9))));
        history.EndEpoch(new StepLosses(1.25, 0.075, 0.4, Weights: new LossWeights(0.55, 0.7)), TimeSpan.Zero);

        Assert.That(LossPlot.FitsLogScale(history, LossKind.Total), Is.False);
        Assert.That(LossPlot.FitsLogScale(history, LossKind.Classification), Is.True);
        Assert.That(LossPlot.FitsLogScale(GatedEpochs(), LossKind.Reconstruction), Is.True, "a loss not computed in some steps is still drawn");
        Assert.That(LossPlot.RenderPng(history, "uncertainty", width: 300, height: 200)[1..4], Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public void PlotDrawsEachPhaseOnItsOwn()
    {
        Assert.That(LossPlot.PhaseSegments(PhasedEpochs()).Select(segment => segment.Select(s => s.Step)),
            Is.EqualTo(new[] { new[] { 1 }, new[] { 2, 3 } }));
        Assert.That(LossPlot.PhaseSegments(GatedEpochs()).Select(segment => segment.Length), Is.EqualTo(new[] { 3 }), "no phases: one segment");
    }

    [Test]
    public void SmoothingIsOverStepsNotPointsSoGapsDoNotWidenIt()
    {
        // Window 4: each point averages the points within 2 steps of it. Steps 4-9 are missing (a closed gate).
        double[] steps = [1, 2, 3, 10, 11];
        double[] values = [1, 2, 3, 10, 20];

        var smoothed = LossPlot.MovingAverage(steps, values, window: 4);

        Assert.That(smoothed, Is.EqualTo(new[] { 2.0, 2.0, 2.0, 15.0, 15.0 }));
    }

    [Test]
    public void SmoothingWithoutGapsIsTheCentredMovingAverage()
    {
        double[] steps = [1, 2, 3, 4, 5];
        double[] values = [1, 2, 3, 4, 5];

        Assert.That(LossPlot.MovingAverage(steps, values, window: 2), Is.EqualTo(new[] { 1.5, 2.0, 3.0, 4.0, 4.5 }));
        Assert.That(LossPlot.MovingAverage(steps, values, window: 1), Is.EqualTo(values));
    }

    [Test]
    public void SummaryOfAGatedRunCountsTheOpenStepsAndWritesAMissingMeanAsNull()
    {
        var history = GatedEpochs();
        history.EndEpoch(new StepLosses(0.5, double.NaN, 0.5), TimeSpan.Zero);
        var result = new RunResult(StrategyRegistry.Available.Single(s => s.Name == "gated"), new TrainingOptions(3, 16, 0.01, 9), "cpu", 100, 25,
            history, new TestMetrics(0.9, 0.2), TimeSpan.FromSeconds(1));

        using var json = JsonDocument.Parse(RunSummary.Format(result));
        var root = json.RootElement;

        Assert.That(root.GetProperty("reconstructionGate").GetProperty("openSteps").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("reconstructionGate").GetProperty("firstOpenStep").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("lastEpochMeanLosses").GetProperty("reconstruction").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("lastEpochMeanLosses").GetProperty("total").GetDouble(), Is.EqualTo(0.5));
        Assert.That(root.TryGetProperty("phases", out _), Is.False);
    }

    [Test]
    public void SummaryOfAPhasedRunListsEachPhasesSteps()
    {
        var result = new RunResult(StrategyRegistry.Available.Single(s => s.Name == "phased"), new TrainingOptions(2, 16, 0.01, 9), "cpu", 100, 25,
            PhasedEpochs(), new TestMetrics(0.9, 0.02), TimeSpan.FromSeconds(1));

        using var json = JsonDocument.Parse(RunSummary.Format(result));
        var phases = json.RootElement.GetProperty("phases").EnumerateArray()
            .Select(p => (p.GetProperty("phase").GetInt32(), p.GetProperty("firstStep").GetInt32(), p.GetProperty("steps").GetInt32()));

        Assert.That(phases, Is.EqualTo(new[] { (1, 1, 1), (2, 2, 2) }));
        Assert.That(json.RootElement.TryGetProperty("reconstructionGate", out _), Is.False);
    }

    [Test]
    public void SummaryOfAGateThatNeverOpenedHasNoFirstOpenStep()
    {
        var history = new LossHistory();
        history.AddStep(new StepRecord(1, 1, new StepLosses(2.5, double.NaN, 2.5, ReconstructionGateOpen: false)));
        history.EndEpoch(new StepLosses(2.5, double.NaN, 2.5), TimeSpan.Zero);
        var result = new RunResult(StrategyRegistry.Available[0], new TrainingOptions(1, 16, 0.01, 9), "cpu", 100, 25,
            history, new TestMetrics(0.5, 0.2), TimeSpan.FromSeconds(1));

        using var json = JsonDocument.Parse(RunSummary.Format(result));
        var gate = json.RootElement.GetProperty("reconstructionGate");

        Assert.That(gate.GetProperty("openSteps").GetInt32(), Is.Zero);
        Assert.That(gate.GetProperty("firstOpenStep").ValueKind, Is.EqualTo(JsonValueKind.Null));
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
        Assert.That(root.GetProperty("trainingSeconds").GetDouble(), Is.EqualTo(1.25), "the training loop alone");
        Assert.That(root.GetProperty("secondsPerStep").GetDouble(), Is.EqualTo(0.25), "after the first epoch: 0.25 s for its 1 step");
        Assert.That(root.GetProperty("lastEpochMeanLosses").GetProperty("reconstruction").GetDouble(), Is.EqualTo(0.0625));
    }

    /// <summary>A run with adaptive weights: each step reports its effective weights.</summary>
    private static LossHistory WeightedEpochs()
    {
        var history = new LossHistory();
        history.AddStep(new StepRecord(1, 1, new StepLosses(2.5, 0.125, 2.625, Weights: new LossWeights(1.0, 1.0))));
        history.AddStep(new StepRecord(2, 1, new StepLosses(1.5, 0.125, 1.625, Weights: new LossWeights(1.0, 1.0))));
        history.EndEpoch(new StepLosses(2.0, 0.125, 2.125, Weights: new LossWeights(1.0, 1.0)), TimeSpan.Zero);
        history.AddStep(new StepRecord(3, 2, new StepLosses(0.75, 0.0625, 0.8125, Weights: new LossWeights(0.875, 1.125))));
        history.EndEpoch(new StepLosses(0.75, 0.0625, 0.8125, Weights: new LossWeights(0.875, 1.125)), TimeSpan.Zero);
        return history;
    }

    [Test]
    public void SummaryOfARunWithAdaptiveWeightsHasTheLastEpochsMeanWeights()
    {
        var result = new RunResult(StrategyRegistry.Available.Single(s => s.Name == "dwa"), new TrainingOptions(2, 16, 0.01, 9), "cpu", 100, 25,
            WeightedEpochs(), new TestMetrics(0.9, 0.02), TimeSpan.FromSeconds(1));

        using var json = JsonDocument.Parse(RunSummary.Format(result));
        var weights = json.RootElement.GetProperty("lastEpochMeanWeights");

        Assert.That(weights.GetProperty("classification").GetDouble(), Is.EqualTo(0.875));
        Assert.That(weights.GetProperty("reconstruction").GetDouble(), Is.EqualTo(1.125));
        Assert.That(weights.EnumerateObject().Count(), Is.EqualTo(2));
    }

    [Test]
    public void SummaryOfAMethodWhoseWeightsAreNaNWritesThemAsNull()
    {
        var history = new LossHistory();
        history.AddStep(new StepRecord(1, 1, new StepLosses(2.5, 0.125, 2.5625, Weights: new LossWeights(double.NaN, double.NaN))));
        history.EndEpoch(new StepLosses(2.5, 0.125, 2.5625, Weights: new LossWeights(double.NaN, double.NaN)), TimeSpan.Zero);
        var result = new RunResult(StrategyRegistry.Available.Single(s => s.Name == "moco"), new TrainingOptions(1, 16, 0.01, 9), "cpu", 100, 25,
            history, new TestMetrics(0.9, 0.02), TimeSpan.FromSeconds(1));

        using var json = JsonDocument.Parse(RunSummary.Format(result));
        var weights = json.RootElement.GetProperty("lastEpochMeanWeights");

        Assert.That(weights.GetProperty("classification").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(weights.GetProperty("reconstruction").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void SummaryOfARunWithFixedWeightsHasNoWeights()
    {
        var result = new RunResult(StrategyRegistry.Available[0], new TrainingOptions(2, 16, 0.01, 9), "cpu", 100, 25, TwoEpochs(),
            new TestMetrics(0.96, 0.02), TimeSpan.FromSeconds(1.5));

        using var json = JsonDocument.Parse(RunSummary.Format(result));

        Assert.That(json.RootElement.TryGetProperty("lastEpochMeanWeights", out _), Is.False);
    }

    [Test]
    public void PlainProgressAddsAdaptiveWeightsToTheEpochLine()
    {
        var output = new StringWriter();

        Replay(new PlainProgress(output), "dwa", WeightedEpochs());

        Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains("epoch ")), Is.EqualTo(new[]
        {
            "dwa  epoch 1/2  step 2/3  classification 2.0000  reconstruction 0.1250  total 2.1250  weights 1.0000/1.0000",
            "dwa  epoch 2/2  step 3/3  classification 0.7500  reconstruction 0.0625  total 0.8125  weights 0.8750/1.1250",
        }));
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

    [Test]
    public void PlainProgressAddsTheGateAndThePhaseToTheEpochLine()
    {
        var output = new StringWriter();

        Replay(new PlainProgress(output), "gated", GatedEpochs());
        Replay(new PlainProgress(output), "phased", PhasedEpochs());

        Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains("epoch ")), Is.EqualTo(new[]
        {
            "gated  epoch 1/2  step 2/3  classification 2.0000  reconstruction -  total 2.0000  gate open 0/2",
            "gated  epoch 2/2  step 3/3  classification 0.7500  reconstruction 0.0625  total 0.7813  gate open 1/1",
            "phased  epoch 1/2  step 2/3  classification 1.5000  reconstruction 0.1875  total 0.8438  phase 1 to 2",
            "phased  epoch 2/2  step 3/3  classification 0.7500  reconstruction 0.0625  total 0.7813  phase 2",
        }));
    }

    /// <summary>Feeds a history's steps and epoch ends to a progress display, as a training run would.</summary>
    private static void Replay(ITrainingProgress progress, string label, LossHistory history) =>
        progress.Track(label, history.Steps.Count, history.EpochCount, observer =>
        {
            foreach (var step in history.Steps)
            {
                observer.OnStep(step, step.Losses);
                if (step.Step == history.Steps.Count || history.Steps[step.Step].Epoch != step.Epoch)
                {
                    observer.OnEpochEnd(step.Epoch, history.EpochMeans[step.Epoch - 1]);
                }
            }
            return 0;
        });
}
