using System;
using System.Collections.Generic;
using System.Diagnostics;
using ParetoToy.Problem;
using ParetoToy.Trainers;

namespace ParetoToy.Experiments;

/// <summary>
/// Every method from every starting point, one run after another (each its own point, optimizer and trainer, and
/// deterministic).
/// </summary>
/// <remarks>
/// Not in parallel: TorchSharp 0.107 frees the <c>Scalar</c>s it creates implicitly (Adam's <c>1 − β2</c>, the
/// objectives' constants) in their finalizers, and a collection that another thread's allocation starts can run one
/// while a native call still reads it. Two runs on two threads failed that way ("Expected false to be true" from
/// <c>c10::Scalar::toFloat</c>) at random steps; one thread never allocates during its own native calls.
/// </remarks>
public static class Comparison
{
    public static IReadOnlyList<RunResult> Run(
        IReadOnlyList<ToyMethod> methods, IReadOnlyList<StartingPoint> starts, ToySchedule schedule, ParetoCriterion criterion,
        Action<RunResult>? finished = null)
    {
        var results = new List<RunResult>(methods.Count * starts.Count);
        foreach (var method in methods)
        {
            foreach (var start in starts)
            {
                var clock = Stopwatch.StartNew();
                var (trajectory, fallbacks, failure) = TrajectoryRun.Run(method, start, schedule);
                var outcome = criterion.Judge(trajectory.End);
                // A run that stopped early has not reached the set, wherever it stopped.
                if (failure is not null) outcome = outcome with { Reached = false };
                var result = new RunResult(method, start, trajectory, outcome, clock.Elapsed, fallbacks, failure);
                results.Add(result);
                finished?.Invoke(result);
            }
        }
        return results;
    }
}
