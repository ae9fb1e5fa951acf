using System;
using System.Collections.Generic;
using Digits.Experiments;
using MultiFashion.Strategies;

namespace MultiFashion.Experiments;

/// <summary>Every seed's runs summarised per strategy: what the printed table, comparison.json and the accuracy plot show.</summary>
public sealed record Comparison(IReadOnlyList<SeedResults> Seeds, BaselinesOverSeeds Baselines, IReadOnlyList<StrategyOverSeeds> Strategies)
{
    public static Comparison Of(IReadOnlyList<SeedResults> seeds)
    {
        var baselines = new BaselinesOverSeeds(
            seeds,
            Collect(seeds, s => s.SingleLeft.Accuracies.Left),
            Collect(seeds, s => s.SingleRight.Accuracies.Right),
            Collect(seeds, s => s.SingleLeft.History.SecondsPerStep),
            Collect(seeds, s => s.SingleRight.History.SecondsPerStep));
        var strategies = new List<StrategyOverSeeds>();
        for (var i = 0; i < seeds[0].Strategies.Count; i++)
        {
            strategies.Add(Summarize(seeds, i));
        }
        return new Comparison(seeds, baselines, strategies);
    }

    private static StrategyOverSeeds Summarize(IReadOnlyList<SeedResults> seeds, int index)
    {
        var runs = new List<RunResult>();
        foreach (var seed in seeds) runs.Add(seed.Strategies[index]);
        var strategy = runs[0].Strategy;
        var referenceIndex = IndexOf(seeds[0].Strategies, StrategyRegistry.TimeReference);
        var weights = runs[0].History.LastEpoch.Mean.Weights is null
            ? ((MeanAndSpread, MeanAndSpread)?)null
            : (Collect(seeds, s => s.Strategies[index].History.LastEpoch.Mean.Weights!.Value.Left),
               Collect(seeds, s => s.Strategies[index].History.LastEpoch.Mean.Weights!.Value.Right));
        return new StrategyOverSeeds(
            strategy,
            runs,
            Collect(seeds, s => s.Strategies[index].Accuracies.Left),
            Collect(seeds, s => s.Strategies[index].Accuracies.Right),
            Collect(seeds, s => s.DeltaMPercent(s.Strategies[index])),
            Collect(seeds, s => s.Strategies[index].History.SecondsPerStep),
            referenceIndex < 0
                ? null
                : Collect(seeds, s => s.Strategies[index].History.SecondsPerStep / s.Strategies[referenceIndex].History.SecondsPerStep),
            weights);
    }

    private static int IndexOf(IReadOnlyList<RunResult> runs, string strategy)
    {
        for (var i = 0; i < runs.Count; i++)
        {
            if (runs[i].Strategy.Name == strategy) return i;
        }
        return -1;
    }

    private static MeanAndSpread Collect(IReadOnlyList<SeedResults> seeds, Func<SeedResults, double> value)
    {
        var values = new double[seeds.Count];
        for (var i = 0; i < seeds.Count; i++) values[i] = value(seeds[i]);
        return MeanAndSpread.Of(values);
    }
}
