using System.IO;
using System.Linq;
using Digits.Data;
using NUnit.Framework;

namespace MultiLoss.Examples.Tests;

public sealed class DigitsCsvTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public void ShippedFileHas1797ImagesOf64PixelsInUnitRange()
    {
        var data = DigitsCsv.Load(DigitsFiles.Shipped);

        Assert.That(data.Count, Is.EqualTo(1797));
        Assert.That(data.Pixels.Length, Is.EqualTo(1797 * 64));
        Assert.That(data.Pixels.ToArray(), Is.All.InRange(0f, 1f));
        Assert.That(data.Pixels.ToArray().Max(), Is.EqualTo(1f), "the pixel count 16 maps to 1");
    }

    [Test]
    public void ShippedFileHasEveryDigitAndOnlyDigits()
    {
        var labels = DigitsCsv.Load(DigitsFiles.Shipped).Labels.ToArray();

        Assert.That(labels, Is.All.InRange(0L, 9L));
        Assert.That(labels.Distinct().Order(), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (long)i)));
    }

    [Test]
    public void ReadsAPlainCsvToo()
    {
        var path = DigitsFiles.WriteText(folder.Combine("plain.csv"), DigitsFiles.Row(3, pixel: 8) + "\n" + DigitsFiles.Row(7) + "\n");

        var data = DigitsCsv.Load(path);

        Assert.That(data.Count, Is.EqualTo(2));
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new long[] { 3, 7 }));
        Assert.That(data.ImageAt(0).ToArray(), Is.All.EqualTo(0.5f));
    }

    [Test]
    public void MissingFileIsReportedByName()
    {
        var path = folder.Combine("nowhere.csv.gz");

        var error = Assert.Throws<DigitsDataException>(() => DigitsCsv.Load(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("does not exist"));
    }

    [Test]
    public void CorruptGzipIsReported()
    {
        var path = folder.Combine("corrupt.csv.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0xff, 0xff]);

        var error = Assert.Throws<DigitsDataException>(() => DigitsCsv.Load(path));

        Assert.That(error!.Message, Does.Contain("not a valid gzip file"));
    }

    [Test]
    public void TruncatedGzipIsReported()
    {
        var path = folder.Combine("truncated.csv.gz");
        var whole = File.ReadAllBytes(DigitsFiles.Shipped);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        Assert.Throws<DigitsDataException>(() => DigitsCsv.Load(path));
    }

    [Test]
    public void RowWithWrongColumnCountIsReportedWithItsLine()
    {
        var shortRow = string.Join(",", Enumerable.Repeat("1", 63)) + ",4";
        var path = DigitsFiles.WriteGzip(folder.Combine("short.csv.gz"), DigitsFiles.Row(1) + "\n" + shortRow + "\n");

        var error = Assert.Throws<DigitsDataException>(() => DigitsCsv.Load(path));

        Assert.That(error!.Message, Does.Contain("line 2").And.Contain("64 columns, expected 65"));
    }

    [TestCase("17", "pixel 1")]
    [TestCase("-1", "pixel 1")]
    [TestCase("x", "pixel 1")]
    [TestCase("2.5", "pixel 1")]
    public void PixelOutsideZeroToSixteenIsReported(string pixel, string named)
    {
        var row = pixel + DigitsFiles.Row(0)[1..];
        var error = Assert.Throws<DigitsDataException>(() => DigitsCsv.Parse(new StringReader(row), "test"));

        Assert.That(error!.Message, Does.Contain(named).And.Contain($"'{pixel}'").And.Contain("line 1"));
    }

    [TestCase("10")]
    [TestCase("-1")]
    [TestCase("seven")]
    public void LabelOutsideZeroToNineIsReported(string label)
    {
        var row = DigitsFiles.Row(0)[..^1] + label;
        var error = Assert.Throws<DigitsDataException>(() => DigitsCsv.Parse(new StringReader(row), "test"));

        Assert.That(error!.Message, Does.Contain("the label"));
    }

    [Test]
    public void FileWithoutRowsIsReported()
    {
        var error = Assert.Throws<DigitsDataException>(() => DigitsCsv.Parse(new StringReader("\n\n"), "empty.csv"));

        Assert.That(error!.Message, Does.Contain("holds no rows"));
    }

    [Test]
    public void AcceptsPixelCountsWrittenAsDecimals()
    {
        var row = string.Join(",", Enumerable.Repeat("16.0", 64)) + ",9.0";

        var data = DigitsCsv.Parse(new StringReader(row), "test");

        Assert.That(data.ImageAt(0).ToArray(), Is.All.EqualTo(1f));
        Assert.That(data.Labels[0], Is.EqualTo(9));
    }
}
