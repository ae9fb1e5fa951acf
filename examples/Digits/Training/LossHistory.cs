using System.Collections.Generic;
using Digits.Strategies;

namespace Digits.Training;

/// <summary>Every step's losses of one training run, in order.</summary>
public sealed class LossHistory
{
    private readonly List<StepRecord> steps = [];
    private readonly List<StepLosses> epochMeans = [];

    public IReadOnlyList<StepRecord> Steps => steps;

    /// <summary>The mean losses of each finished epoch; index 0 is epoch 1.</summary>
    public IReadOnlyList<StepLosses> EpochMeans => epochMeans;

    public StepLosses? LastEpochMean => epochMeans.Count == 0 ? null : epochMeans[^1];

    public void AddStep(StepRecord step) => steps.Add(step);

    public void EndEpoch(StepLosses mean) => epochMeans.Add(mean);

    public int EpochCount => epochMeans.Count;
}
