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
    TimeSpan WallTime);
