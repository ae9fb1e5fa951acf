using Digits.Strategies;

namespace Digits.Training;

/// <summary>The losses of one optimisation step; <see cref="Step"/> counts from 1 across epochs.</summary>
public readonly record struct StepRecord(int Step, int Epoch, StepLosses Losses);
