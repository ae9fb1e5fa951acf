using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using ParetoToy.Problem;
using ParetoToy.Trainers;

namespace ParetoToy.Experiments;

/// <summary>
/// Every method from every starting point. The runs are independent (each its own point, optimizer and trainer), so
/// they run in parallel, one per core; each is deterministic, so the results do not depend on the order.
/// </summary>
public static class Comparison
{
    public static IReadOnlyList<RunResult> Run(
        IReadOnlyList<ToyMethod> methods, IReadOnlyList<StartingPoint> starts, ToySchedule schedule, ParetoCriterion criterion,
        Action<RunResult>? finished = null)
    {
        var jobs = methods.SelectMany(method => starts.Select(start => (method, start))).ToArray();
        var results = new RunResult[jobs.Length];
        var report = new object();
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (method, start) = jobs[i];
            var clock = Stopwatch.StartNew();
            var (trajectory, fallbacks, failure) = TrajectoryRun.Run(method, start, schedule);
            var outcome = criterion.Judge(trajectory.End);
            // A run that stopped early has not reached the set, wherever it stopped.
            if (failure is not null) outcome = outcome with { Reached = false };
            var result = new RunResult(method, start, trajectory, outcome, clock.Elapsed, fallbacks, failure);
            results[i] = result;
            lock (report) finished?.Invoke(result);
        });
        return results;
    }
}
