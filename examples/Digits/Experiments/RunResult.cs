using System;
using Digits.Evaluation;
using Digits.Strategies;
using Digits.Training;

namespace Digits.Experiments;

/// <summary>What one strategy's training run produced.</summary>
/// <param name="WallTime">Training plus evaluation, without loading the data or writing the outputs.</param>
/// <param name="TrainingTime">The training loop alone: its steps, without creating the network and trainer or evaluating.</param>
public sealed record RunResult(
    Strategy Strategy,
    TrainingOptions Options,
    string Device,
    int TrainCount,
    int TestCount,
    LossHistory History,
    TestMetrics Metrics,
    TimeSpan WallTime,
    TimeSpan TrainingTime)
{
    /// <summary>The training loop's time divided by its steps; NaN for a run without steps.</summary>
    public double SecondsPerStep => History.Steps.Count == 0 ? double.NaN : TrainingTime.TotalSeconds / History.Steps.Count;
}
