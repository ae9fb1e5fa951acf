using System;
using System.Buffers.Binary;
using System.Linq;
using Digits.Evaluation;
using Digits.Experiments;
using Digits.Reporting;
using Digits.Strategies;
using Digits.Training;
using NUnit.Framework;

namespace MultiLoss.Examples.Tests;

/// <summary>weights.png: each strategy's weights by epoch, averaged over the seeds, one panel per strategy.</summary>
public sealed class WeightsPlotTests
{
    private static Strategy Named(string name) => StrategyRegistry.Available.Single(s => s.Name == name);

    /// <summary>A run whose epochs' mean weights are <paramref name="epochWeights"/> (null: the strategy reports none).</summary>
    private static RunResult Run(string strategy, int seed, params LossWeights?[] epochWeights)
    {
        var history = new LossHistory();
        for (var epoch = 1; epoch <= epochWeights.Length; epoch++)
        {
            var losses = new StepLosses(1.0 / epoch, 0.1 / epoch, 1.1 / epoch, Weights: epochWeights[epoch - 1]);
            history.AddStep(new StepRecord(epoch, epoch, losses));
            history.EndEpoch(losses, TimeSpan.FromSeconds(epoch));
        }
        return new RunResult(Named(strategy), new TrainingOptions(epochWeights.Length, 16, 0.01, seed), "cpu", 100, 25, history,
            new TestMetrics(0.9, 0.02), TimeSpan.FromSeconds(1));
    }

    [Test]
    public void CurvesAreEachEpochsMeanOverTheSeedsForTheStrategiesThatReportWeights()
    {
        var runs = new[]
        {
            Run("weighted", 1, null, null),
            Run("dwa", 1, new LossWeights(1, 1), new LossWeights(0.5, 1.5)),
            Run("moco", 1, new LossWeights(double.NaN, double.NaN), new LossWeights(double.NaN, double.NaN)),
            Run("pcgrad", 1, new LossWeights(1, 0.5), new LossWeights(1.25, 0.75)),
            Run("weighted", 2, null, null),
            Run("dwa", 2, new LossWeights(1, 1), new LossWeights(1.0, 1.0)),
            Run("moco", 2, new LossWeights(double.NaN, double.NaN), new LossWeights(double.NaN, double.NaN)),
            Run("pcgrad", 2, new LossWeights(1, 0.5), new LossWeights(double.NaN, double.NaN)),
        };

        var curves = WeightCurve.Of(runs);

        Assert.That(curves.Select(c => c.Strategy), Is.EqualTo(new[] { "dwa", "pcgrad" }), "no weights (weighted) and only NaN weights (moco) get no curve");
        Assert.That(curves[0].EpochMeans, Is.EqualTo(new[] { new LossWeights(1, 1), new LossWeights(0.75, 1.25) }));
        Assert.That(curves[1].EpochMeans[1], Is.EqualTo(new LossWeights(1.25, 0.75)), "a seed's NaN weight is left out of the mean");
    }

    [TestCase(1, 1, 1)]
    [TestCase(2, 1, 2)]
    [TestCase(5, 2, 3)]
    [TestCase(9, 3, 3)]
    [TestCase(21, 5, 5)]
    [TestCase(26, 5, 6)]
    public void TheGridIsAboutSquareWithoutAnEmptyRow(int panels, int rows, int columns)
    {
        Assert.That(WeightsPlot.GridShape(panels), Is.EqualTo((rows, columns)));
    }

    [Test]
    public void ThePngHasOnePanelCellPerStrategy()
    {
        var curves = new[] { "uncertainty", "dwa", "gradnorm", "pcgrad", "rlw" }
            .Select((name, i) => new WeightCurve(name, [new LossWeights(1, i), new LossWeights(double.NaN, i + 1), new LossWeights(0.5, i + 2)]))
            .ToList();

        var png = WeightsPlot.RenderPng(curves, panelWidth: 120, panelHeight: 90);

        Assert.That(png[1..4], Is.EqualTo("PNG"u8.ToArray()));
        // Five panels: 3 columns by 2 rows of 120×90 pixels (the IHDR chunk's width and height, big-endian).
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), Is.EqualTo(3 * 120));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)), Is.EqualTo(2 * 90));
    }

    [Test]
    public void APanelIsTitledWithItsStrategyAndDrawsTheWeightsThatAreNumbers()
    {
        using var panel = WeightsPlot.Panel(new WeightCurve("gls", [new LossWeights(double.NaN, 2), new LossWeights(double.NaN, 3)]), legend: false);

        Assert.That(panel.Axes.Title.Label.Text, Is.EqualTo("gls"));
        Assert.That(panel.GetPlottables().Count(), Is.EqualTo(1), "a weight that is NaN in every epoch draws no line");
    }

    [Test]
    public void NoCurvesIsAnError()
    {
        Assert.That(() => WeightsPlot.RenderPng([]), Throws.ArgumentException);
    }
}
