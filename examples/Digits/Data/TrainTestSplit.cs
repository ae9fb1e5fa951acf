using System;
using System.Linq;

namespace Digits.Data;

/// <summary>A random split into training and held-out test images, the same for the same seed.</summary>
public sealed record TrainTestSplit(DigitsDataset Train, DigitsDataset Test)
{
    public static TrainTestSplit Create(DigitsDataset data, double testFraction, int seed)
    {
        if (testFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be between 0 and 1.");
        }
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(order);
        var testCount = Math.Max(1, (int)Math.Round(data.Count * testFraction));
        return new TrainTestSplit(data.Select(order[testCount..]), data.Select(order[..testCount]));
    }
}
