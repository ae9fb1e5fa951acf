using System;
using System.Collections.Generic;

namespace Digits.Data;

/// <summary>Images of handwritten digits (8x8 pixels, intensities 0..1) and their labels (0..9).</summary>
public sealed class DigitsDataset
{
    public const int Side = 8;
    public const int PixelCount = Side * Side;
    public const int ClassCount = 10;

    private readonly float[] pixels;
    private readonly long[] labels;

    /// <param name="pixels">Row-major, <see cref="PixelCount"/> values per image, each in 0..1.</param>
    /// <param name="labels">One digit per image.</param>
    public DigitsDataset(float[] pixels, long[] labels)
    {
        if (pixels.Length != labels.Length * PixelCount)
        {
            throw new ArgumentException($"Expected {labels.Length * PixelCount} pixels for {labels.Length} images, got {pixels.Length}.", nameof(pixels));
        }
        this.pixels = pixels;
        this.labels = labels;
    }

    public int Count => labels.Length;

    public ReadOnlySpan<float> Pixels => pixels;

    public ReadOnlySpan<long> Labels => labels;

    public ReadOnlySpan<float> ImageAt(int index) => pixels.AsSpan(index * PixelCount, PixelCount);

    /// <summary>A new data set holding the images at <paramref name="indices"/>, in that order.</summary>
    public DigitsDataset Select(IReadOnlyList<int> indices)
    {
        var selectedPixels = new float[indices.Count * PixelCount];
        var selectedLabels = new long[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            ImageAt(indices[i]).CopyTo(selectedPixels.AsSpan(i * PixelCount, PixelCount));
            selectedLabels[i] = labels[indices[i]];
        }
        return new DigitsDataset(selectedPixels, selectedLabels);
    }
}
