using System;
using System.Collections.Generic;
using Digits.Strategies;

namespace Digits.Training;

/// <summary>Every step's losses of one training run, in order, and when each of its epochs ended.</summary>
public sealed class LossHistory
{
    private readonly List<StepRecord> steps = [];
    private readonly List<StepLosses> epochMeans = [];
    private readonly List<TimeSpan> epochEndTimes = [];

    public IReadOnlyList<StepRecord> Steps => steps;

    /// <summary>The mean losses of each finished epoch; index 0 is epoch 1.</summary>
    public IReadOnlyList<StepLosses> EpochMeans => epochMeans;

    /// <summary>When each finished epoch ended, counted from the start of the training loop; index 0 is epoch 1.</summary>
    public IReadOnlyList<TimeSpan> EpochEndTimes => epochEndTimes;

    public StepLosses? LastEpochMean => epochMeans.Count == 0 ? null : epochMeans[^1];

    public void AddStep(StepRecord step) => steps.Add(step);

    /// <param name="elapsed">The training loop's time so far.</param>
    public void EndEpoch(StepLosses mean, TimeSpan elapsed)
    {
        epochMeans.Add(mean);
        epochEndTimes.Add(elapsed);
    }

    public int EpochCount => epochMeans.Count;

    /// <summary>The training loop's time: when its last epoch ended.</summary>
    public TimeSpan TrainingTime => epochEndTimes.Count == 0 ? TimeSpan.Zero : epochEndTimes[^1];

    /// <summary>
    /// The time per step once the loop runs warm: the time after the first epoch divided by the steps after it. The first
    /// epoch's steps also pay for compiling the trainer's code and, in a process's first run, for the first calls into
    /// the native library, which would make whichever strategy runs first look slower. A run of one epoch: its whole
    /// time over its steps. NaN without steps.
    /// </summary>
    public double SecondsPerStep
    {
        get
        {
            var firstEpochSteps = steps.FindIndex(s => s.Epoch > 1);
            if (firstEpochSteps <= 0 || epochEndTimes.Count < 2)
            {
                return steps.Count == 0 ? double.NaN : TrainingTime.TotalSeconds / steps.Count;
            }
            return (TrainingTime - epochEndTimes[0]).TotalSeconds / (steps.Count - firstEpochSteps);
        }
    }
}
