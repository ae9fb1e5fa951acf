using System;
using ParetoToy.Problem;
using ParetoToy.Trainers;

namespace ParetoToy.Experiments;

/// <summary>One method's run from one starting point: its path, where it ended, and how long it took.</summary>
public sealed record RunResult(ToyMethod Method, StartingPoint Start, Trajectory Trajectory, RunOutcome Outcome, TimeSpan Elapsed);
