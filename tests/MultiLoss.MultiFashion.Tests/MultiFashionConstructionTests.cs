using System;
using System.Linq;
using MultiFashion.Data;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>The data set made the way MultiMNIST was: two shifted items per canvas, overlapping, resized to 28×28, fixed by the seed.</summary>
public sealed class MultiFashionConstructionTests
{
    private static ImageSet Source(int count)
    {
        var images = SyntheticIdx.Images(count);
        return new ImageSet(images[16..], SyntheticIdx.Labels(count)[8..]);
    }

    [Test]
    public void The_same_seed_gives_the_same_layout_and_another_seed_another()
    {
        var first = PairLayout.Draw(100, 40, new Random(7));
        var again = PairLayout.Draw(100, 40, new Random(7));
        var other = PairLayout.Draw(100, 40, new Random(8));

        Assert.That(again.LeftImage, Is.EqualTo(first.LeftImage));
        Assert.That(again.RightOffset, Is.EqualTo(first.RightOffset));
        Assert.That(other.LeftImage, Is.Not.EqualTo(first.LeftImage));
    }

    [Test]
    public void Each_side_draws_distinct_images_and_shifts_of_at_most_four_pixels_from_its_corner()
    {
        var layout = PairLayout.Draw(50, 50, new Random(3));

        Assert.That(layout.LeftImage, Is.Unique.And.All.InRange(0, 49));
        Assert.That(layout.RightImage, Is.Unique.And.All.InRange(0, 49));
        Assert.That(layout.LeftOffset.SelectMany(o => new[] { o.Row, o.Column }), Is.All.InRange(0, 4));
        Assert.That(layout.RightOffset.SelectMany(o => new[] { o.Row, o.Column }), Is.All.InRange(4, 8));
        Assert.That(layout.LeftOffset.Select(o => o.Row).Distinct().Count(), Is.EqualTo(5), "every shift occurs in 50 draws");
    }

    [Test]
    public void The_canvas_holds_the_brighter_pixel_of_the_two_images_where_they_overlap()
    {
        var source = Source(2);
        var layout = PairLayout.Draw(2, 1, new Random(1));
        var canvas = new float[OverlayCanvas.PixelCount];

        OverlayCanvas.Draw(source, layout, 0, canvas);

        var left = source.ImageAt(layout.LeftImage[0]);
        var right = source.ImageAt(layout.RightImage[0]);
        var (lr, lc) = layout.LeftOffset[0];
        var (rr, rc) = layout.RightOffset[0];
        for (var row = 0; row < PairLayout.CanvasSide; row++)
        {
            for (var column = 0; column < PairLayout.CanvasSide; column++)
            {
                var fromLeft = Pixel(left, row - lr, column - lc);
                var fromRight = Pixel(right, row - rr, column - rc);
                Assert.That(canvas[row * PairLayout.CanvasSide + column], Is.EqualTo(Math.Max(fromLeft, fromRight) / 255f), $"({row}, {column})");
            }
        }
    }

    private static int Pixel(ReadOnlySpan<byte> image, int row, int column) =>
        row is < 0 or >= ImageSet.Side || column is < 0 or >= ImageSet.Side ? 0 : image[row * ImageSet.Side + column];

    [Test]
    public void The_built_set_is_28_by_28_with_each_items_class()
    {
        var source = Source(30);
        var layout = PairLayout.Draw(30, 20, new Random(5));

        using var set = MultiFashionBuilder.Build(source, layout, CPU);

        Assert.That(set.Images.shape, Is.EqualTo(new long[] { 20, 1, 28, 28 }));
        Assert.That(set.Images.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
        Assert.That(set.Images.max().item<float>(), Is.LessThanOrEqualTo(1f).And.GreaterThan(0.5f));
        Assert.That(set.LeftLabels.data<long>().ToArray(), Is.EqualTo(layout.LeftImage.Select(i => (long)(i % 10)).ToArray()));
        Assert.That(set.RightLabels.data<long>().ToArray(), Is.EqualTo(layout.RightImage.Select(i => (long)(i % 10)).ToArray()));
    }

    [Test]
    public void Resizing_averages_the_canvas_area_each_output_pixel_covers()
    {
        var source = Source(1);
        var layout = PairLayout.Draw(1, 1, new Random(2));
        var canvas = new float[OverlayCanvas.PixelCount];
        OverlayCanvas.Draw(source, layout, 0, canvas);

        using var set = MultiFashionBuilder.Build(source, layout, CPU);

        // Output pixel (0, 0) covers canvas rows and columns [0, 36/28) = [0, 1.29): adaptive average pooling takes
        // rows 0..1 and columns 0..1 (floor of the start, ceiling of the end) and averages those four pixels.
        var expected = (canvas[0] + canvas[1] + canvas[36] + canvas[37]) / 4;
        Assert.That(set.Images[0, 0, 0, 0].item<float>(), Is.EqualTo(expected).Within(1e-6));
    }
}
