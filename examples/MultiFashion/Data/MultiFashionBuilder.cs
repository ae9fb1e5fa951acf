using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Data;

/// <summary>
/// Builds MultiFashion the way Sener &amp; Koltun built MultiMNIST: for each sample two Fashion-MNIST images, one at the
/// top left and one at the bottom right of a 36×36 canvas, each shifted by up to 4 pixels, overlapping; the canvas is
/// then resized back to 28×28 (area interpolation: each output pixel the mean of the canvas area it covers).
/// </summary>
public static class MultiFashionBuilder
{
    /// <summary>Canvases drawn and resized at a time, so that the full 36×36 float canvases never sit in memory at once.</summary>
    private const int ChunkSize = 4096;

    public static MultiFashionSet Build(ImageSet source, PairLayout layout, Device device)
    {
        using var scope = NewDisposeScope();
        var chunks = new Tensor[(layout.Count + ChunkSize - 1) / ChunkSize];
        for (var c = 0; c < chunks.Length; c++)
        {
            var first = c * ChunkSize;
            var count = Math.Min(ChunkSize, layout.Count - first);
            var canvases = new float[count * OverlayCanvas.PixelCount];
            OverlayCanvas.Draw(source, layout, first, canvases);
            using var canvas = torch.tensor(canvases, [count, 1, PairLayout.CanvasSide, PairLayout.CanvasSide]);
            chunks[c] = nn.functional.interpolate(canvas, size: [ImageSet.Side, ImageSet.Side], mode: InterpolationMode.Area);
        }
        var images = torch.cat(chunks, 0).to(device);
        var left = torch.tensor(Labels(source, layout.LeftImage), device: device);
        var right = torch.tensor(Labels(source, layout.RightImage), device: device);
        return new MultiFashionSet(images.MoveToOuterDisposeScope(), left.MoveToOuterDisposeScope(), right.MoveToOuterDisposeScope());
    }

    private static long[] Labels(ImageSet source, int[] images)
    {
        var labels = new long[images.Length];
        for (var i = 0; i < images.Length; i++) labels[i] = source.LabelAt(images[i]);
        return labels;
    }
}
