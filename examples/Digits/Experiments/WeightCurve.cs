using System.Collections.Generic;
using System.Linq;
using Digits.Strategies;

namespace Digits.Experiments;

/// <summary>
/// One strategy's effective weights through training: for each epoch, the mean over its runs (one per seed) of that
/// epoch's mean weights. A run's NaN weight (an aggregation that reports none) is left out of the mean.
/// </summary>
/// <param name="EpochMeans">Index 0 is epoch 1.</param>
public sealed record WeightCurve(string Strategy, IReadOnlyList<LossWeights> EpochMeans)
{
    /// <summary>
    /// The curves of the strategies that report weights, in the order they first ran. A strategy without weights, or
    /// whose weights are NaN throughout (MoCo and DB-MTL), has none.
    /// </summary>
    public static IReadOnlyList<WeightCurve> Of(IReadOnlyList<RunResult> runs) =>
        runs.GroupBy(r => r.Strategy.Name)
            .Select(group => Of(group.Key, group.ToList()))
            .Where(curve => curve is not null)
            .Select(curve => curve!)
            .ToList();

    private static WeightCurve? Of(string strategy, IReadOnlyList<RunResult> runs)
    {
        var epochs = runs.Min(r => r.History.EpochCount);
        var means = new List<LossWeights>(epochs);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var weights = runs.Select(r => r.History.EpochMeans[epoch].Weights).ToList();
            if (weights.Any(w => w is null)) return null;
            means.Add(new LossWeights(
                MeanOfNumbers(weights.Select(w => w!.Value.Classification)),
                MeanOfNumbers(weights.Select(w => w!.Value.Reconstruction))));
        }
        var reportsANumber = means.Any(w => !double.IsNaN(w.Classification) || !double.IsNaN(w.Reconstruction));
        return reportsANumber ? new WeightCurve(strategy, means) : null;
    }

    private static double MeanOfNumbers(IEnumerable<double> values)
    {
        var numbers = values.Where(v => !double.IsNaN(v)).ToList();
        return numbers.Count == 0 ? double.NaN : numbers.Average();
    }
}
