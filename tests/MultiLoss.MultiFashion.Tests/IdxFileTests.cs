using System;
using System.Buffers.Binary;
using System.IO;
using MultiFashion.Data;
using NUnit.Framework;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>IDX files, gzipped or not, and every way one can be wrong, each named in the message.</summary>
public sealed class IdxFileTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public void Reads_images_and_labels_plain_or_gzipped(bool gzip)
    {
        var images = SyntheticIdx.Write(folder.Combine("images"), SyntheticIdx.Images(3), gzip);
        var labels = SyntheticIdx.Write(folder.Combine("labels"), SyntheticIdx.Labels(3), gzip);

        var pixels = IdxFile.ReadImages(images, out var count);

        Assert.That(count, Is.EqualTo(3));
        Assert.That(pixels, Is.EqualTo(SyntheticIdx.Images(3)[16..]));
        Assert.That(IdxFile.ReadLabels(labels), Is.EqualTo(new byte[] { 0, 1, 2 }));
    }

    [Test]
    public void A_wrong_magic_number_is_named()
    {
        var path = SyntheticIdx.Write(folder.Combine("labels-as-images"), SyntheticIdx.Labels(3), gzip: false);

        Assert.That(() => IdxFile.ReadImages(path, out _), Throws.TypeOf<FashionDataException>()
            .With.Message.Contains("magic number 0x00000801, not 0x00000803"));
    }

    [Test]
    public void Truncated_images_say_what_the_header_announced()
    {
        var bytes = SyntheticIdx.Images(3);
        var path = SyntheticIdx.Write(folder.Combine("images"), bytes[..^10], gzip: true);

        Assert.That(() => IdxFile.ReadImages(path, out _), Throws.TypeOf<FashionDataException>()
            .With.Message.Contains("is truncated: its header announces 3 images of 28×28 pixels (2352 bytes), but it holds 2342"));
    }

    [Test]
    public void A_file_shorter_than_its_header_is_truncated()
    {
        var path = SyntheticIdx.Write(folder.Combine("labels"), SyntheticIdx.Labels(3)[..6], gzip: false);

        Assert.That(() => IdxFile.ReadLabels(path), Throws.TypeOf<FashionDataException>().With.Message.Contains("is truncated: 6 bytes"));
    }

    [Test]
    public void A_truncated_gzip_stream_is_an_error_not_fewer_images()
    {
        var path = SyntheticIdx.Write(folder.Combine("images"), SyntheticIdx.Images(20), gzip: true);
        var compressed = File.ReadAllBytes(path);
        File.WriteAllBytes(path, compressed[..(compressed.Length / 2)]);

        Assert.That(() => IdxFile.ReadImages(path, out _), Throws.TypeOf<FashionDataException>()
            .With.Message.Contains("truncated").Or.Message.Contains("not a valid gzip file"));
    }

    [Test]
    public void Bytes_past_what_the_header_announces_are_an_error()
    {
        var path = SyntheticIdx.Write(folder.Combine("labels"), [.. SyntheticIdx.Labels(3), 7], gzip: false);

        Assert.That(() => IdxFile.ReadLabels(path), Throws.TypeOf<FashionDataException>().With.Message.Contains("longer than its header says"));
    }

    [Test]
    public void Images_of_another_size_are_rejected()
    {
        var path = SyntheticIdx.Write(folder.Combine("images"), SyntheticIdx.Images(2, side: 32), gzip: false);

        Assert.That(() => IdxFile.ReadImages(path, out _), Throws.TypeOf<FashionDataException>().With.Message.Contains("32×32 pixels; expected 28×28"));
    }

    [Test]
    public void A_label_outside_the_ten_classes_is_rejected()
    {
        var bytes = SyntheticIdx.Labels(3);
        bytes[^1] = 10;
        var path = SyntheticIdx.Write(folder.Combine("labels"), bytes, gzip: false);

        Assert.That(() => IdxFile.ReadLabels(path), Throws.TypeOf<FashionDataException>().With.Message.Contains("label 3 is 10"));
    }

    [Test]
    public void A_negative_size_in_the_header_is_rejected()
    {
        var bytes = SyntheticIdx.Labels(3);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), -1);
        var path = SyntheticIdx.Write(folder.Combine("labels"), bytes, gzip: false);

        Assert.That(() => IdxFile.ReadLabels(path), Throws.TypeOf<FashionDataException>().With.Message.Contains("size -1"));
    }
}
