using System.Collections.Generic;
using Digits.App;
using MultiFashion.Strategies;
using MultiFashion.Training;

namespace MultiFashion.App;

/// <summary>Everything a run was asked to do, read from the command line.</summary>
/// <param name="Strategies">The multi-task strategies to compare; the two single-task baselines always run too.</param>
/// <param name="TrainSamples">MultiFashion training samples to build (each from two of the training images).</param>
/// <param name="SeedCount">How many seeds to run, from <see cref="TrainingOptions.Seed"/> up.</param>
/// <param name="DataFolder">The folder holding Fashion-MNIST's IDX files.</param>
public sealed record FashionSettings(
    IReadOnlyList<Strategy> Strategies,
    TrainingOptions Training,
    int TrainSamples,
    int SeedCount,
    DeviceChoice Device,
    string DataFolder,
    string OutFolder);
