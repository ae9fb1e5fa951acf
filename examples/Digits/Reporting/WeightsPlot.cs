using System;
using System.Collections.Generic;
using System.Linq;
using Digits.Experiments;
using Digits.Strategies;
using ScottPlot;

namespace Digits.Reporting;

/// <summary>
/// One figure of small panels, one per strategy that reports weights: its classification and reconstruction weights
/// against the epoch (each epoch's mean effective weight, averaged over the seeds), titled with the strategy's name.
/// Each panel has its own vertical scale, since the methods' weights differ by orders of magnitude; an epoch whose
/// weight is NaN is left out of the line.
/// </summary>
public static class WeightsPlot
{
    public const string FileName = "weights.png";

    private static readonly Color ClassificationColor = new ScottPlot.Palettes.Category10().GetColor(0);
    private static readonly Color ReconstructionColor = new ScottPlot.Palettes.Category10().GetColor(1);

    public static byte[] RenderPng(IReadOnlyList<WeightCurve> curves, int panelWidth = 320, int panelHeight = 220)
    {
        if (curves.Count == 0) throw new ArgumentException("A weights plot needs at least one strategy with weights.", nameof(curves));
        var (rows, columns) = GridShape(curves.Count);
        var panels = curves.Select((curve, i) => Panel(curve, legend: i == 0)).ToList();
        try
        {
            var figure = new Multiplot(panels[0]) { Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns) };
            foreach (var panel in panels.Skip(1)) figure.AddPlot(panel);
            using var image = figure.Render(columns * panelWidth, rows * panelHeight);
            return image.GetImageBytes(ImageFormat.Png);
        }
        finally
        {
            foreach (var panel in panels) panel.Dispose();
        }
    }

    /// <summary>A grid about as wide as it is tall, with no empty row: ⌈√n⌉ columns.</summary>
    internal static (int Rows, int Columns) GridShape(int panelCount)
    {
        var columns = (int)Math.Ceiling(Math.Sqrt(panelCount));
        return ((panelCount + columns - 1) / columns, columns);
    }

    internal static Plot Panel(WeightCurve curve, bool legend)
    {
        var plot = new Plot();
        AddLine(plot, curve, w => w.Classification, ClassificationColor, legend ? "classification" : null);
        AddLine(plot, curve, w => w.Reconstruction, ReconstructionColor, legend ? "reconstruction" : null);
        plot.Title(curve.Strategy);
        plot.XLabel("epoch");
        if (legend) plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static void AddLine(Plot plot, WeightCurve curve, Func<LossWeights, double> weight, Color color, string? legend)
    {
        var epochs = new List<double>(curve.EpochMeans.Count);
        var values = new List<double>(curve.EpochMeans.Count);
        for (var i = 0; i < curve.EpochMeans.Count; i++)
        {
            var value = weight(curve.EpochMeans[i]);
            if (!double.IsFinite(value)) continue;
            epochs.Add(i + 1);
            values.Add(value);
        }
        if (epochs.Count == 0) return;
        var line = plot.Add.ScatterLine(epochs.ToArray(), values.ToArray(), color);
        line.LineWidth = 2;
        line.MarkerSize = epochs.Count == 1 ? 5 : 0;
        if (legend is not null) line.LegendText = legend;
    }
}
