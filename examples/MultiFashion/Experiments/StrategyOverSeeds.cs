using System.Collections.Generic;
using Digits.Experiments;
using MultiFashion.Strategies;

namespace MultiFashion.Experiments;

/// <summary>One multi-task strategy's results over the seeds: each value's mean, sample standard deviation and per-seed values.</summary>
/// <param name="DeltaMPercent">Δm% of each seed against that seed's baselines.</param>
/// <param name="RelativeTimePerStep">Each seed's time per step divided by the weighted strategy's in the same seed; null when weighted did not run.</param>
/// <param name="Weights">The last epoch's mean weights, for a strategy that adapts them; otherwise null.</param>
public sealed record StrategyOverSeeds(
    Strategy Strategy,
    IReadOnlyList<RunResult> Runs,
    MeanAndSpread LeftAccuracy,
    MeanAndSpread RightAccuracy,
    MeanAndSpread DeltaMPercent,
    MeanAndSpread SecondsPerStep,
    MeanAndSpread? RelativeTimePerStep,
    (MeanAndSpread Left, MeanAndSpread Right)? Weights);

/// <summary>The single-task baselines over the seeds: each one's accuracy on its own task, and its time per step.</summary>
public sealed record BaselinesOverSeeds(
    IReadOnlyList<SeedResults> Seeds,
    MeanAndSpread LeftAccuracy,
    MeanAndSpread RightAccuracy,
    MeanAndSpread LeftSecondsPerStep,
    MeanAndSpread RightSecondsPerStep);
