using System;
using System.Collections.Generic;
using Digits.Experiments;
using MultiFashion.Experiments;
using ScottPlot;

namespace MultiFashion.Reporting;

/// <summary>
/// The picture Pareto multi-task papers draw: the right task's test accuracy against the left task's, one point per
/// strategy at its mean over the seeds with error bars of one sample standard deviation each way, each seed's own point
/// faintly, and the single-task baselines' mean accuracies as dashed lines (up and to the right is better on both tasks).
/// </summary>
public static class AccuracyPlanePlot
{
    public const string FileName = "accuracy-plane.png";

    private static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown];

    public static byte[] RenderPng(Comparison comparison, int width = 1000, int height = 750)
    {
        using var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var xs = new List<double> { comparison.Baselines.LeftAccuracy.Mean };
        var ys = new List<double> { comparison.Baselines.RightAccuracy.Mean };
        for (var i = 0; i < comparison.Strategies.Count; i++)
        {
            var strategy = comparison.Strategies[i];
            var color = palette.GetColor(i);
            var seeds = plot.Add.Markers(ToArray(strategy.LeftAccuracy.Values), ToArray(strategy.RightAccuracy.Values), Shapes[i % Shapes.Length], 6, color.WithAlpha(0.35));
            seeds.LegendText = "";
            var mean = plot.Add.Marker(strategy.LeftAccuracy.Mean, strategy.RightAccuracy.Mean, Shapes[i % Shapes.Length], 11, color);
            mean.LegendText = strategy.Strategy.Name;
            var spread = new ScottPlot.Plottables.ErrorBar(
                [strategy.LeftAccuracy.Mean], [strategy.RightAccuracy.Mean],
                [strategy.LeftAccuracy.StandardDeviation], [strategy.LeftAccuracy.StandardDeviation],
                [strategy.RightAccuracy.StandardDeviation], [strategy.RightAccuracy.StandardDeviation])
            {
                Color = color,
            };
            plot.Add.Plottable(spread);
            xs.AddRange(strategy.LeftAccuracy.Values);
            ys.AddRange(strategy.RightAccuracy.Values);
        }
        var left = plot.Add.VerticalLine(comparison.Baselines.LeftAccuracy.Mean, 1, Colors.Gray, LinePattern.Dashed);
        left.LegendText = "single-task baselines";
        plot.Add.HorizontalLine(comparison.Baselines.RightAccuracy.Mean, 1, Colors.Gray, LinePattern.Dashed);
        plot.Axes.SetLimits(Padded(xs).Min, Padded(xs).Max, Padded(ys).Min, Padded(ys).Max);
        var seedCount = comparison.Seeds.Count;
        plot.Title(seedCount == 1
            ? "MultiFashion: test accuracy of each task, one seed"
            : $"MultiFashion: test accuracy of each task, mean ± sd over {seedCount} seeds (faint: each seed)");
        plot.XLabel("left item (top left) accuracy");
        plot.YLabel("right item (bottom right) accuracy");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static double[] ToArray(IReadOnlyList<double> values)
    {
        var array = new double[values.Count];
        for (var i = 0; i < array.Length; i++) array[i] = values[i];
        return array;
    }

    /// <summary>The values' range with a tenth of it (at least 0.002) added on each side.</summary>
    private static (double Min, double Max) Padded(List<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        var margin = Math.Max(0.002, (max - min) / 10);
        return (min - margin, max + margin);
    }
}
