using System;
using ParetoToy.Problem;
using ParetoToy.Trainers;

namespace ParetoToy.Experiments;

/// <summary>
/// One method's run from one starting point: its path, where it ended, how long it took, how many of its steps fell
/// back to the method's previous weights, and why it stopped early (null when it ran every step).
/// </summary>
public sealed record RunResult(ToyMethod Method, StartingPoint Start, Trajectory Trajectory, RunOutcome Outcome, TimeSpan Elapsed, int Fallbacks = 0, string? Failure = null)
{
    public bool Failed => Failure is not null;
}
