using System.Collections.Generic;
using System.Linq;
using Digits.Strategies;

namespace Digits.Experiments;

/// <summary>One strategy's results over several seeds.</summary>
/// <param name="Weights">The last epoch's mean effective weights, for a strategy that reports them (NaN for a method whose weights are NaN); otherwise null.</param>
public sealed record StrategyOverSeeds(
    Strategy Strategy,
    IReadOnlyList<RunResult> Runs,
    MeanAndSpread Accuracy,
    MeanAndSpread ReconstructionMse,
    MeanAndSpread WallTimeSeconds,
    MeanAndSpread TrainingSeconds,
    MeanAndSpread SecondsPerStep,
    (MeanAndSpread Classification, MeanAndSpread Reconstruction)? Weights)
{
    public static StrategyOverSeeds Of(IReadOnlyList<RunResult> runs)
    {
        var weights = runs.Select(r => r.History.LastEpochMean?.Weights).ToList();
        return new StrategyOverSeeds(
            runs[0].Strategy,
            runs,
            MeanAndSpread.Of(runs.Select(r => r.Metrics.Accuracy).ToList()),
            MeanAndSpread.Of(runs.Select(r => r.Metrics.ReconstructionMse).ToList()),
            MeanAndSpread.Of(runs.Select(r => r.WallTime.TotalSeconds).ToList()),
            MeanAndSpread.Of(runs.Select(r => r.TrainingTime.TotalSeconds).ToList()),
            MeanAndSpread.Of(runs.Select(r => r.SecondsPerStep).ToList()),
            weights.All(w => w is not null)
                ? (MeanAndSpread.Of(weights.Select(w => w!.Value.Classification).ToList()), MeanAndSpread.Of(weights.Select(w => w!.Value.Reconstruction).ToList()))
                : null);
    }
}
