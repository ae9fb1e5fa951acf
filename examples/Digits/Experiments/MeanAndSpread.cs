using System;
using System.Collections.Generic;
using System.Linq;

namespace Digits.Experiments;

/// <summary>The mean of some values and their sample standard deviation (divided by n − 1; 0 for a single value).</summary>
public readonly record struct MeanAndSpread(double Mean, double StandardDeviation, IReadOnlyList<double> Values)
{
    public static MeanAndSpread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("A mean needs at least one value.", nameof(values));
        var mean = values.Average();
        var squares = values.Sum(v => (v - mean) * (v - mean));
        var deviation = values.Count == 1 ? 0 : Math.Sqrt(squares / (values.Count - 1));
        return new MeanAndSpread(mean, deviation, values);
    }
}
