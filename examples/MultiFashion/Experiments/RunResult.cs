using System;
using MultiFashion.Evaluation;
using MultiFashion.Strategies;
using MultiFashion.Training;

namespace MultiFashion.Experiments;

/// <summary>What one strategy's training run with one seed produced.</summary>
/// <param name="Accuracies">Both heads' test accuracies; a single-task baseline's untrained head is scored too, and ignored.</param>
/// <param name="WallTime">Training plus evaluation, without building the data or writing the outputs.</param>
public sealed record RunResult(
    Strategy Strategy,
    TrainingOptions Options,
    string Device,
    int TrainCount,
    int TestCount,
    TrainingHistory History,
    TaskAccuracies Accuracies,
    TimeSpan WallTime)
{
    /// <summary>The left head's accuracy, unless this is the right task's baseline (whose left head was not trained).</summary>
    public double? LeftAccuracy => Strategy.Tasks == TrainedTasks.RightOnly ? null : Accuracies.Left;

    /// <summary>The right head's accuracy, unless this is the left task's baseline.</summary>
    public double? RightAccuracy => Strategy.Tasks == TrainedTasks.LeftOnly ? null : Accuracies.Right;
}
