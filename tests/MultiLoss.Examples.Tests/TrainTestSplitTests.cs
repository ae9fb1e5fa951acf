using System.Linq;
using Digits.Data;
using NUnit.Framework;

namespace MultiLoss.Examples.Tests;

public sealed class TrainTestSplitTests
{
    private static readonly DigitsDataset Data = DigitsCsv.Load(DigitsFiles.Shipped);

    [Test]
    public void HoldsOutTwentyPercent()
    {
        var split = TrainTestSplit.Create(Data, 0.2, seed: 1);

        Assert.That(split.Test.Count, Is.EqualTo(359));
        Assert.That(split.Train.Count, Is.EqualTo(Data.Count - 359));
    }

    [Test]
    public void SameSeedGivesTheSameSplit()
    {
        var first = TrainTestSplit.Create(Data, 0.2, seed: 7);
        var second = TrainTestSplit.Create(Data, 0.2, seed: 7);

        Assert.That(second.Test.Labels.ToArray(), Is.EqualTo(first.Test.Labels.ToArray()));
        Assert.That(second.Test.Pixels.ToArray(), Is.EqualTo(first.Test.Pixels.ToArray()));
    }

    [Test]
    public void OtherSeedGivesAnotherSplit()
    {
        var first = TrainTestSplit.Create(Data, 0.2, seed: 7);
        var second = TrainTestSplit.Create(Data, 0.2, seed: 8);

        Assert.That(second.Test.Pixels.ToArray(), Is.Not.EqualTo(first.Test.Pixels.ToArray()));
    }

    [Test]
    public void EveryImageEndsUpInExactlyOnePart()
    {
        var split = TrainTestSplit.Create(Data, 0.2, seed: 3);

        static long[] Histogram(DigitsDataset d) => Enumerable.Range(0, 10).Select(digit => (long)d.Labels.ToArray().Count(l => l == digit)).ToArray();
        var combined = Histogram(split.Train).Zip(Histogram(split.Test), (a, b) => a + b);
        Assert.That(combined, Is.EqualTo(Histogram(Data)));
        Assert.That(PixelSum(split.Train) + PixelSum(split.Test), Is.EqualTo(PixelSum(Data)).Within(1e-6));
    }

    private static double PixelSum(DigitsDataset data) => data.Pixels.ToArray().Sum(p => (double)p);
}
