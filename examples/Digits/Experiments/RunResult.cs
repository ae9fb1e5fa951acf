using System;
using Digits.Evaluation;
using Digits.Strategies;
using Digits.Training;

namespace Digits.Experiments;

/// <summary>What one strategy's training run produced.</summary>
/// <param name="WallTime">Training plus evaluation, without loading the data or writing the outputs.</param>
public sealed record RunResult(
    Strategy Strategy,
    TrainingOptions Options,
    string Device,
    int TrainCount,
    int TestCount,
    LossHistory History,
    TestMetrics Metrics,
    TimeSpan WallTime)
{
    /// <summary>The training loop alone: its steps, without creating the network and trainer or evaluating.</summary>
    public TimeSpan TrainingTime => History.TrainingTime;

    /// <summary>The training loop's time per step once warm (<see cref="LossHistory.SecondsPerStep"/>).</summary>
    public double SecondsPerStep => History.SecondsPerStep;
}
