using System;

namespace MultiFashion.Data;

/// <summary>
/// How each MultiFashion sample is made, drawn once from a seeded <see cref="Random"/>: which source image goes to the
/// top left of the canvas and which to the bottom right, and each one's random shift. The left images are the first
/// samples of one permutation of the source images and the right images of another, so no image appears twice on the
/// same side.
/// </summary>
public sealed class PairLayout
{
    /// <summary>The side of the square canvas the two images are placed on, before it is resized to 28×28.</summary>
    public const int CanvasSide = 36;

    /// <summary>
    /// How far, at most, each image is shifted from its corner, along each axis (Sener &amp; Koltun's MultiMNIST: up to
    /// 4 pixels). With a 36-pixel canvas and 28-pixel images, the left image spans [a, a + 28) and the right one
    /// [8 − b, 36 − b) along each axis, a and b the shifts, so they overlap by 20 + a + b, 20 to 28 pixels.
    /// </summary>
    public const int MaxShift = 4;

    private PairLayout(int count)
    {
        Count = count;
        LeftImage = new int[count];
        RightImage = new int[count];
        LeftOffset = new (int, int)[count];
        RightOffset = new (int, int)[count];
    }

    public int Count { get; }

    /// <summary>The source image at the top left of each sample.</summary>
    public int[] LeftImage { get; }

    /// <summary>The source image at the bottom right of each sample.</summary>
    public int[] RightImage { get; }

    /// <summary>Where the left image's top-left pixel lies on the canvas: row and column, each 0 to <see cref="MaxShift"/>.</summary>
    public (int Row, int Column)[] LeftOffset { get; }

    /// <summary>Where the right image's top-left pixel lies on the canvas: each of row and column is 8 − (0 to <see cref="MaxShift"/>).</summary>
    public (int Row, int Column)[] RightOffset { get; }

    /// <param name="sourceCount">The source images to draw from.</param>
    /// <param name="count">The samples to make; at most <paramref name="sourceCount"/>.</param>
    public static PairLayout Draw(int sourceCount, int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, sourceCount);
        var layout = new PairLayout(count);
        var left = Permutation(sourceCount, random);
        var right = Permutation(sourceCount, random);
        const int farCorner = CanvasSide - ImageSet.Side;
        for (var i = 0; i < count; i++)
        {
            layout.LeftImage[i] = left[i];
            layout.RightImage[i] = right[i];
            layout.LeftOffset[i] = (random.Next(MaxShift + 1), random.Next(MaxShift + 1));
            layout.RightOffset[i] = (farCorner - random.Next(MaxShift + 1), farCorner - random.Next(MaxShift + 1));
        }
        return layout;
    }

    private static int[] Permutation(int count, Random random)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = i;
        random.Shuffle(order);
        return order;
    }
}
