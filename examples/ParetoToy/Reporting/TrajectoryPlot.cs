using System;
using System.Collections.Generic;
using System.Linq;
using ParetoToy.Experiments;
using ParetoToy.Problem;
using ParetoToy.Trainers;
using ScottPlot;

namespace ParetoToy.Reporting;

/// <summary>
/// The paper's figure, one panel per method: contours of the mean loss, the Pareto set as a thick grey curve, and each
/// starting point's path (a colour per start) from its start (black circle) to its end (a filled diamond where the run
/// reached the Pareto set, a cross where it did not).
/// </summary>
public static class TrajectoryPlot
{
    public const string FileName = "trajectories.png";

    private const int PanelWidth = 420;
    private const int PanelHeight = 420;

    public static byte[] RenderPng(IReadOnlyList<RunResult> results, ParetoSet paretoSet)
    {
        var methods = results.Select(r => r.Method).Distinct().ToArray();
        var columns = Math.Min(3, methods.Length);
        var rows = (methods.Length + columns - 1) / columns;
        var surface = LossSurface.MeanLoss();
        var multiplot = new Multiplot();
        multiplot.AddPlots(methods.Length);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (var i = 0; i < methods.Length; i++)
        {
            DrawPanel(multiplot.GetPlot(i), methods[i], results.Where(r => r.Method == methods[i]).ToArray(), surface, paretoSet);
        }
        return multiplot.Render(columns * PanelWidth, rows * PanelHeight).GetImageBytes(ImageFormat.Png);
    }

    private static void DrawPanel(Plot plot, ToyMethod method, IReadOnlyList<RunResult> runs, Coordinates3d[,] surface, ParetoSet paretoSet)
    {
        var contours = plot.Add.ContourLines(surface, 14);
        contours.LineWidth = 1;
        contours.Colormap = new ScottPlot.Colormaps.Viridis();
        contours.LabelStyle.IsVisible = false;

        var set = plot.Add.ScatterLine(paretoSet.Points.Select(p => p.X1).ToArray(), paretoSet.Points.Select(p => p.X2).ToArray(), Colors.Gray.WithAlpha(0.8));
        set.LineWidth = 6;
        set.MarkerSize = 0;

        var palette = new ScottPlot.Palettes.Category10();
        foreach (var run in runs)
        {
            var color = palette.GetColor(run.Start.Number - 1);
            var path = plot.Add.ScatterLine(run.Trajectory.Points.Select(p => p.X1).ToArray(), run.Trajectory.Points.Select(p => p.X2).ToArray(), color);
            path.LineWidth = 2;
            path.MarkerSize = 0;
            plot.Add.Marker(run.Start.X1, run.Start.X2, MarkerShape.FilledCircle, 9, Colors.Black);
            var end = run.Trajectory.End;
            plot.Add.Marker(end.X1, end.X2, run.Outcome.Reached ? MarkerShape.FilledDiamond : MarkerShape.Cross, 12, color);
        }

        var reached = runs.Count(r => r.Outcome.Reached);
        plot.Title(FormattableString.Invariant($"{method.Label}: {reached} of {runs.Count} reach the Pareto set"), size: 14);
        plot.Axes.SetLimits(-LossSurface.HalfWidth, LossSurface.HalfWidth, -LossSurface.HalfWidth, LossSurface.HalfWidth);
        plot.Axes.SquareUnits();
        plot.XLabel("x1", size: 12);
        plot.YLabel("x2", size: 12);
    }
}
