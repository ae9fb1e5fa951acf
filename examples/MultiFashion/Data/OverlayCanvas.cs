using System;

namespace MultiFashion.Data;

/// <summary>
/// Draws MultiFashion samples on the <see cref="PairLayout.CanvasSide"/>-pixel canvas: the left image at its offset, the
/// right image at its own, and where they overlap the brighter pixel of the two (the maximum, so neither image is
/// drawn over the other). Intensities are scaled from 0..255 to 0..1.
/// </summary>
public static class OverlayCanvas
{
    public const int PixelCount = PairLayout.CanvasSide * PairLayout.CanvasSide;

    /// <summary>Draws samples <paramref name="first"/> to <paramref name="first"/> + count − 1 into <paramref name="canvases"/>, one canvas after the other.</summary>
    public static void Draw(ImageSet source, PairLayout layout, int first, Span<float> canvases)
    {
        var count = canvases.Length / PixelCount;
        canvases.Clear();
        for (var i = 0; i < count; i++)
        {
            var canvas = canvases.Slice(i * PixelCount, PixelCount);
            var sample = first + i;
            DrawMax(canvas, source.ImageAt(layout.LeftImage[sample]), layout.LeftOffset[sample]);
            DrawMax(canvas, source.ImageAt(layout.RightImage[sample]), layout.RightOffset[sample]);
        }
    }

    private static void DrawMax(Span<float> canvas, ReadOnlySpan<byte> image, (int Row, int Column) offset)
    {
        for (var row = 0; row < ImageSet.Side; row++)
        {
            var target = canvas.Slice((offset.Row + row) * PairLayout.CanvasSide + offset.Column, ImageSet.Side);
            var pixels = image.Slice(row * ImageSet.Side, ImageSet.Side);
            for (var column = 0; column < ImageSet.Side; column++)
            {
                target[column] = Math.Max(target[column], pixels[column] / 255f);
            }
        }
    }
}
