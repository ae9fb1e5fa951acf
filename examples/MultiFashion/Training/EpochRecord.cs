using MultiFashion.Strategies;

namespace MultiFashion.Training;

/// <summary>What one epoch of training reported.</summary>
/// <param name="LastStep">The number of the epoch's last step, counting from 1 across epochs.</param>
/// <param name="Mean">Each loss's mean over the steps that computed it (NaN when none did), and the mean weights of a strategy that adapts them.</param>
/// <param name="GateOpenSteps">For a gated strategy, in how many of the epoch's steps the gate was open; otherwise null.</param>
/// <param name="Phases">For a strategy with phases, the phase of the epoch's first and last steps; otherwise null.</param>
public sealed record EpochRecord(int Epoch, int LastStep, int Steps, StepLosses Mean, int? GateOpenSteps, (int First, int Last)? Phases);
