using System.Collections.Generic;
using Digits.Strategies;
using Digits.Training;

namespace Digits.App;

/// <summary>Everything a run was asked to do, read from the command line.</summary>
/// <param name="SeedCount">How many seeds to run, from <see cref="TrainingOptions.Seed"/> up; 1 for a single run.</param>
/// <param name="OutFolder">Each strategy writes its files into a subfolder named after it.</param>
/// <param name="TensorBoardFolder">Each strategy logs into a subfolder named after it; null for no TensorBoard log.</param>
public sealed record RunSettings(
    IReadOnlyList<Strategy> Strategies,
    TrainingOptions Training,
    int SeedCount,
    DeviceChoice Device,
    string DataPath,
    string OutFolder,
    string? TensorBoardFolder);
