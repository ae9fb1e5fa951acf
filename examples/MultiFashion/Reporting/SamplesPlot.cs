using System;
using MultiFashion.Data;
using ScottPlot;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Reporting;

/// <summary>
/// A grid of the first few samples of a MultiFashion set as the network sees them (28×28, white on black), each captioned
/// with its two labels: the class of the item at the top left, then of the one at the bottom right.
/// </summary>
public static class SamplesPlot
{
    public const string FileName = "samples.png";
    public const int DefaultCount = 12;

    private const int Columns = 4;
    private const double CellWidth = ImageSet.Side + 14;
    private const double CellHeight = ImageSet.Side + 10;

    public static byte[] RenderPng(MultiFashionSet set, int count = DefaultCount)
    {
        count = Math.Min(count, set.Count);
        using var scope = NewDisposeScope();
        var pixels = set.Images.narrow(0, 0, count).cpu().reshape(count * ImageSet.PixelCount).data<float>().ToArray();
        var left = set.LeftLabels.narrow(0, 0, count).cpu().data<long>().ToArray();
        var right = set.RightLabels.narrow(0, 0, count).cpu().data<long>().ToArray();
        return RenderPng(pixels, left, right);
    }

    /// <param name="pixels">Row-major, <see cref="ImageSet.PixelCount"/> values in 0..1 per sample.</param>
    public static byte[] RenderPng(float[] pixels, long[] leftLabels, long[] rightLabels)
    {
        var count = leftLabels.Length;
        var rows = (count + Columns - 1) / Columns;
        using var plot = new Plot();
        for (var k = 0; k < count; k++)
        {
            var x = k % Columns * CellWidth;
            var top = -(k / Columns) * CellHeight;
            var tile = plot.Add.Heatmap(Intensities(pixels.AsSpan(k * ImageSet.PixelCount, ImageSet.PixelCount)));
            tile.Colormap = new ScottPlot.Colormaps.Grayscale();
            tile.ManualRange = new ScottPlot.Range(0, 1);
            tile.Extent = new CoordinateRect(x, x + ImageSet.Side, top - ImageSet.Side, top);
            var caption = plot.Add.Text($"{FashionClasses.NameOf((int)leftLabels[k])} | {FashionClasses.NameOf((int)rightLabels[k])}", x + ImageSet.Side / 2.0, top - ImageSet.Side - 1);
            caption.Alignment = Alignment.UpperCenter;
            caption.LabelFontSize = 13;
        }
        plot.Axes.SetLimits(-7, Columns * CellWidth - 7, -rows * CellHeight, 2);
        plot.Title("MultiFashion samples, captioned: top-left item | bottom-right item");
        plot.Axes.Frameless();
        plot.HideGrid();
        return plot.GetImageBytes(Columns * 220, rows * 210, ImageFormat.Png);
    }

    private static double[,] Intensities(ReadOnlySpan<float> image)
    {
        var intensities = new double[ImageSet.Side, ImageSet.Side];
        for (var row = 0; row < ImageSet.Side; row++)
        {
            for (var column = 0; column < ImageSet.Side; column++) intensities[row, column] = image[row * ImageSet.Side + column];
        }
        return intensities;
    }
}
