using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Digits.Training;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Digits.Reporting;

/// <summary>
/// Draws each loss against the step on a log scale (the losses differ by orders of magnitude): the raw
/// per-step values faintly, and a moving average over one epoch's steps on top.
/// </summary>
public static class LossPlot
{
    public const string FileName = "losses.png";

    public static byte[] RenderPng(LossHistory history, string title, int width = 900, int height = 500)
    {
        using var plot = new Plot();
        var smoothingWindow = Math.Max(1, history.Steps.Count / Math.Max(1, history.EpochCount));
        foreach (var (kind, color) in LossKind.All.Zip(ColorsFor(LossKind.All.Count)))
        {
            var (steps, logValues) = LogSeries(history, kind);
            if (steps.Length == 0) continue;

            var raw = plot.Add.ScatterLine(steps, logValues, color.WithAlpha(0.25));
            raw.MarkerSize = 0;
            raw.LineWidth = 1;

            var smooth = plot.Add.ScatterLine(steps, MovingAverage(logValues, smoothingWindow), color);
            smooth.MarkerSize = 0;
            smooth.LineWidth = 2;
            smooth.LegendText = kind.Name;
        }
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = exponent => Math.Pow(10, exponent).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static IEnumerable<Color> ColorsFor(int count)
    {
        var palette = new ScottPlot.Palettes.Category10();
        return Enumerable.Range(0, count).Select(palette.GetColor);
    }

    /// <summary>The steps with a positive, finite value of <paramref name="kind"/>, and log10 of those values.</summary>
    private static (double[] Steps, double[] LogValues) LogSeries(LossHistory history, LossKind kind)
    {
        var points = history.Steps
            .Select(s => (step: (double)s.Step, value: kind.Of(s.Losses)))
            .Where(p => double.IsFinite(p.value) && p.value > 0)
            .ToArray();
        return (points.Select(p => p.step).ToArray(), points.Select(p => Math.Log10(p.value)).ToArray());
    }

    /// <summary>
    /// The mean of the values within <paramref name="window"/>/2 on either side of each one (fewer at the
    /// ends). Centred, so the smoothed curve does not lag behind the raw one.
    /// </summary>
    private static double[] MovingAverage(double[] values, int window)
    {
        var prefixSums = new double[values.Length + 1];
        for (var i = 0; i < values.Length; i++) prefixSums[i + 1] = prefixSums[i] + values[i];
        var averages = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var first = Math.Max(0, i - window / 2);
            var end = Math.Min(values.Length, i + window / 2 + 1);
            averages[i] = (prefixSums[end] - prefixSums[first]) / (end - first);
        }
        return averages;
    }
}
