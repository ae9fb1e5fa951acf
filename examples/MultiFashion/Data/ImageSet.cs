using System;

namespace MultiFashion.Data;

/// <summary>Grey-scale images of <see cref="Side"/>×<see cref="Side"/> pixels (0..255, row-major) and their classes (0..9).</summary>
public sealed class ImageSet
{
    public const int Side = 28;
    public const int PixelCount = Side * Side;
    public const int ClassCount = 10;

    private readonly byte[] pixels;
    private readonly byte[] labels;

    public ImageSet(byte[] pixels, byte[] labels)
    {
        if (pixels.Length != labels.Length * PixelCount)
        {
            throw new ArgumentException($"Expected {labels.Length * PixelCount} pixels for {labels.Length} images, got {pixels.Length}.", nameof(pixels));
        }
        this.pixels = pixels;
        this.labels = labels;
    }

    public int Count => labels.Length;

    public ReadOnlySpan<byte> ImageAt(int index) => pixels.AsSpan(index * PixelCount, PixelCount);

    public int LabelAt(int index) => labels[index];
}
