using System;
using System.Collections.Generic;

namespace MultiFashion.Training;

/// <summary>What a training run reported, epoch by epoch, and how long its steps took.</summary>
/// <param name="TrainingTime">The fit loop's time: its steps with their batch selection and the epochs' ends.</param>
public sealed record TrainingHistory(IReadOnlyList<EpochRecord> Epochs, int Steps, TimeSpan TrainingTime)
{
    public EpochRecord LastEpoch => Epochs[^1];

    public double SecondsPerStep => TrainingTime.TotalSeconds / Steps;
}
