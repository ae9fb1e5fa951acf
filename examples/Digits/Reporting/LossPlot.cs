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
/// per-step values faintly, and a moving average over one epoch's steps on top. Steps where a loss was not computed are
/// left out of its lines; with phases, each phase is drawn on its own, with a dashed line where the next one starts. A
/// value that is zero or negative in some step is not drawn at all.
/// </summary>
public static class LossPlot
{
    public const string FileName = "losses.png";

    public static byte[] RenderPng(LossHistory history, string title, int width = 900, int height = 500)
    {
        using var plot = new Plot();
        var smoothingWindow = Math.Max(1, history.Steps.Count / Math.Max(1, history.EpochCount));
        var segments = PhaseSegments(history);
        foreach (var (kind, color) in LossKind.All.Zip(ColorsFor(LossKind.All.Count)))
        {
            if (!FitsLogScale(history, kind)) continue;
            var legend = kind.Name;
            foreach (var segment in segments)
            {
                var (steps, logValues) = LogSeries(segment, kind);
                if (steps.Length == 0) continue;

                var raw = plot.Add.ScatterLine(steps, logValues, color.WithAlpha(0.25));
                raw.MarkerSize = 0;
                raw.LineWidth = 1;

                var smooth = plot.Add.ScatterLine(steps, MovingAverage(steps, logValues, smoothingWindow), color);
                smooth.MarkerSize = 0;
                smooth.LineWidth = 2;
                smooth.LegendText = legend;
                legend = "";
            }
        }
        foreach (var segment in segments.Skip(1))
        {
            var boundary = plot.Add.VerticalLine(segment[0].Step - 0.5, width: 1, color: Colors.Gray, pattern: LinePattern.Dashed);
            boundary.Text = string.Create(CultureInfo.InvariantCulture, $"phase {segment[0].Losses.Phase}");
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

    /// <summary>
    /// The steps split where the phase changes, so that neither the lines nor the smoothing run across a phase
    /// boundary (where the losses jump); one segment for a strategy without phases.
    /// </summary>
    internal static List<StepRecord[]> PhaseSegments(LossHistory history)
    {
        var segments = new List<StepRecord[]>();
        var start = 0;
        for (var i = 1; i <= history.Steps.Count; i++)
        {
            if (i == history.Steps.Count || history.Steps[i].Losses.Phase != history.Steps[start].Losses.Phase)
            {
                segments.Add(history.Steps.Skip(start).Take(i - start).ToArray());
                start = i;
            }
        }
        return segments;
    }

    /// <summary>
    /// False when some step's value of <paramref name="kind"/> is zero or negative (the total of the uncertainty
    /// strategy, which includes ½·Σ log σ²): a log scale cannot show it, and leaving those steps out would draw a line
    /// across the gap as if the value had been there. Such a value is left out of the plot (it stays in the CSV).
    /// </summary>
    internal static bool FitsLogScale(LossHistory history, LossKind kind) =>
        !history.Steps.Any(s => kind.Of(s.Losses) <= 0);

    /// <summary>The steps with a positive, finite value of <paramref name="kind"/> (a loss not computed in a step is NaN), and log10 of those values.</summary>
    private static (double[] Steps, double[] LogValues) LogSeries(IEnumerable<StepRecord> steps, LossKind kind)
    {
        var points = steps
            .Select(s => (step: (double)s.Step, value: kind.Of(s.Losses)))
            .Where(p => double.IsFinite(p.value) && p.value > 0)
            .ToArray();
        return (points.Select(p => p.step).ToArray(), points.Select(p => Math.Log10(p.value)).ToArray());
    }

    /// <summary>
    /// For each point, the mean of the values whose step is within <paramref name="window"/>/2 steps of its own (fewer
    /// at the ends, and where steps are missing because the loss was not computed). Centred, so the smoothed curve
    /// does not lag behind the raw one; by step rather than by point, so a loss computed in only some steps (a gate,
    /// a phase) is still smoothed over one epoch.
    /// </summary>
    /// <param name="steps">Ascending.</param>
    internal static double[] MovingAverage(double[] steps, double[] values, int window)
    {
        var prefixSums = new double[values.Length + 1];
        for (var i = 0; i < values.Length; i++) prefixSums[i + 1] = prefixSums[i] + values[i];
        var averages = new double[values.Length];
        var first = 0;
        var end = 0;
        for (var i = 0; i < values.Length; i++)
        {
            while (steps[first] < steps[i] - window / 2) first++;
            while (end < values.Length && steps[end] <= steps[i] + window / 2) end++;
            averages[i] = (prefixSums[end] - prefixSums[first]) / (end - first);
        }
        return averages;
    }
}
